import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from applications.decisions import award_application, cancel_award
from applications.models import ApplicationStatus
from applications.selectors import shown_tier_usage
from tests.factories import ApplicationFactory, StaffUserFactory, tier


def _get(client, language, **kwargs):
    with translation.override(language):
        url = reverse("home")
    return client.get(url, **kwargs)


@pytest.mark.django_db
def test_home_in_french_by_default(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/fr/"
    html = response.content.decode()
    assert '<html lang="fr-ca">' in html
    assert "5\u00a0000\u00a0$" in html  # amorçage maximum, French money format
    assert "5\u00a0400\u00a0000\u00a0$" in html
    assert "Amorçage" in html and "Accélération" in html and "Innovation" in html


@pytest.mark.django_db
def test_home_in_english(client):
    response = _get(client, "en")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "$5,000" in html and "Seed" in html
    assert "Three grant tiers" in html


@pytest.mark.django_db
def test_home_shows_live_places_left(client):
    amorcage = tier("amorcage")
    ApplicationFactory(tier=amorcage, status=ApplicationStatus.AWARDED, amount_awarded=Decimal("3000"))
    ApplicationFactory(tier=amorcage, status=ApplicationStatus.SUBMITTED)  # not awarded: holds no place
    html = _get(client, "fr-ca").content.decode()
    assert re.search(r'data-testid="places-left-amorcage">409<', html)
    assert re.search(r'data-testid="places-left-innovation">7<', html)


@pytest.mark.django_db
def test_home_queries_do_not_grow_with_applications(client, django_assert_max_num_queries):
    ApplicationFactory.create_batch(30, status=ApplicationStatus.AWARDED, amount_awarded=Decimal("1000"))
    with django_assert_max_num_queries(4):
        assert _get(client, "fr-ca").status_code == 200


@pytest.mark.django_db
def test_pages_load_nothing_from_third_parties(client):
    html = _get(client, "fr-ca").content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html


@pytest.mark.django_db
def test_places_left_change_right_after_an_award_and_its_cancellation(client, django_capture_on_commit_callbacks):
    """The pages read the tiers' usage from the cache (shown_tier_usage): an award or its
    cancellation must show on the next visit, not when the cache expires."""
    application = ApplicationFactory(tier=tier("innovation"), status=ApplicationStatus.IN_REVIEW, amount_requested="20000")
    places = r'data-testid="places-left-innovation">(\d+)<'
    before = int(re.search(places, _get(client, "fr-ca").content.decode())[1])
    assert int(re.search(places, _get(client, "fr-ca").content.decode())[1]) == before  # now from the cache
    staff = StaffUserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        award_application(actor=staff, application=application, amount=Decimal("20000"))
    assert int(re.search(places, _get(client, "fr-ca").content.decode())[1]) == before - 1
    with django_capture_on_commit_callbacks(execute=True):
        cancel_award(actor=staff, application=application, reason="Projet abandonné.")
    assert int(re.search(places, _get(client, "fr-ca").content.decode())[1]) == before


@pytest.mark.django_db
def test_organisme_dashboard_counts_the_tiers_once_then_from_the_cache(client, django_assert_num_queries):
    """The dashboard's eligibility panel reads every tier's usage: counted once, then cached."""
    shown_tier_usage()
    with django_assert_num_queries(1):  # the tiers; their awards come from the cache
        usages = shown_tier_usage()
    assert [usage.tier.code for usage in usages] == ["amorcage", "acceleration", "innovation"]
