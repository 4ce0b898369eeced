"""The public tier page reads its tier, criteria set and criteria with SQL compiled once per
process (programs.selectors.public_tier): it must show what the former ORM fetch showed (the tier
prefetched `with_current_criteria`), for every tier, in both languages, after a new version was
published, beside a draft, for a later program's tier without criteria, and 404 the same."""

from decimal import Decimal

import pytest
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from applications.selectors import shown_tier_usage
from programs import selectors, services
from programs.models import GrantTier, TierCode
from tests.factories import StaffUserFactory, publish_criteria_version, tier
from tests.helpers import comparable

from .test_selection_guides import _later_program_reusing

pytestmark = pytest.mark.django_db
LANGUAGES = ["fr-ca", "en"]


def former_public_tier(code):
    tiers = GrantTier.objects.select_related("program").with_current_criteria()
    return get_object_or_404(tiers, program=selectors._current_program_id(), code=code)


def former_page(code, request) -> str:
    tier_ = former_public_tier(code)
    (usage,) = shown_tier_usage([tier_])
    return render_to_string(
        "programs/tier_detail.html", {"tier": tier_, "usage": usage, "criteria_set": tier_.current_criteria_set}, request
    )


def facts(tier_):
    criteria_set = tier_.current_criteria_set
    return (
        tier_.pk, tier_.program.code, tier_.name_fr, tier_.max_amount, tier_.window_opens_on, tier_.window_closes_on,
        criteria_set and (criteria_set.pk, criteria_set.version, criteria_set.tier.pk, criteria_set.published_at),
        criteria_set and [
            (c.pk, c.label_fr, c.label_en, c.description_fr, c.weight, c.criteria_set_id) for c in criteria_set.criteria.all()
        ],
    )


def _relabel_and_reweigh(criteria):
    """A new version: the first criterion renamed (with characters to escape), weight moved."""
    first, second = criteria[0], criteria[1]
    first.label_fr, first.label_en = "Besoin <clair> & « lié »", 'A "clear" need & more'
    first.weight, second.weight = first.weight + Decimal(5), second.weight - Decimal(5)
    first.save()
    second.save()


@pytest.fixture(params=["as_migrated", "new_version_and_draft", "later_program"])
def situation(request):
    if request.param == "new_version_and_draft":
        publish_criteria_version(tier(TierCode.AMORCAGE), _relabel_and_reweigh)
        services.create_criteria_draft(actor=StaffUserFactory(), tier=tier(TierCode.AMORCAGE))  # never shown
    if request.param == "later_program":
        _later_program_reusing(TierCode.AMORCAGE)  # no criteria published for it yet
    return request.param


def _gone(situation, code) -> bool:
    """The later program has only its amorçage tier: the others are 404 (both ways, checked)."""
    return situation == "later_program" and code != TierCode.AMORCAGE


@pytest.mark.parametrize("code", TierCode.values)
def test_the_tier_and_its_criteria_are_the_former_fetch_s(situation, code, django_assert_num_queries):
    if _gone(situation, code):
        for fetch in (former_public_tier, selectors.public_tier):
            with pytest.raises(Http404):
                fetch(code)
        return
    expected = facts(former_public_tier(code))
    unpublished = situation == "later_program" and code == TierCode.AMORCAGE
    # The tier, its set, the set's criteria however many: no query for the criteria's set or tier.
    with django_assert_num_queries(2 if unpublished else 3):
        assert facts(selectors.public_tier(code)) == expected
    assert expected[6] is None if unpublished else len(expected[7]) >= 3  # the comparison compares criteria


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", TierCode.values)
def test_the_page_says_what_the_former_fetch_made_it_say(client, situation, code, language):
    with translation.override(language):
        response = client.get(reverse("portal:tier_detail", args=[code]))
        if _gone(situation, code):
            assert response.status_code == 404
            return
        assert response.status_code == 200
        assert comparable(response.content.decode()) == comparable(former_page(code, response.wsgi_request))
    if situation == "new_version_and_draft" and code == TierCode.AMORCAGE:
        assert ("Besoin &lt;clair&gt; &amp; « lié »" if language == "fr-ca" else "A &quot;clear&quot; need") in (
            response.content.decode()
        )


def test_an_unknown_or_empty_code_is_404_both_ways(client):
    for code in ["inexistant", "compiled-probe:0", "%"]:
        with pytest.raises(Http404):
            former_public_tier(code)
        with pytest.raises(Http404):
            selectors.public_tier(code)
    assert client.get(reverse("portal:tier_detail", args=["inexistant"])).status_code == 404


def _program_facts(program):
    return program and (program.pk, program.code, program.name_fr, program.starts_on, program.ends_on, program.budget)


def test_the_current_program_is_the_former_query_s(django_assert_num_queries):
    from programs.models import Program

    for make in (lambda: None, lambda: _later_program_reusing(TierCode.AMORCAGE)):
        make()
        expected = _program_facts(Program.objects.order_by("-starts_on").first())
        with django_assert_num_queries(1):
            assert _program_facts(selectors.current_program()) == expected
    assert expected[1] == "dataide-suite"  # the later program, once it exists
    GrantTier.objects.filter(program__code="dataide-suite").delete()
    Program.objects.filter(code="dataide-suite").delete()
    assert selectors.current_program().code == "dataide"
