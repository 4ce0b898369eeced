"""A published grant's page reads its award with SQL compiled once per process
(register.selectors.published_award): the award must be what the former ORM fetch gave
(`get_object_or_404(with_public_details(published_applications()), number=…)`), its loaded and
deferred columns included, and the page the same in both languages, for an award without an
agreement, one signed with payments and a reversal, one scored under an earlier criteria version,
one in force under a later version; what the former fetch refused is 404 too."""

from decimal import Decimal

import pytest
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation

from applications.models import ApplicationStatus
from committees.models import SeatKind
from dataide.compiled import through_the_orm
from grants import services as grants
from programs.models import TierCode
from register import selectors
from tests.committees.factories import CommitteeFactory, assign, members, scorecard
from tests.factories import StaffUserFactory, publish_criteria_version, tier
from tests.grants.factories import awarded
from tests.helpers import without_csrf
from tests.organismes.factories import member_of

from .factories import award

pytestmark = pytest.mark.django_db
LANGUAGES = ["fr-ca", "en"]
SIGNATURE = {"full_name": "Julie Lavoie", "title": "Directrice", "authority_confirmed": True}


def unmasked(response) -> str:
    """The page with its CSRF token blanked: every token is masked afresh."""
    return without_csrf(response.content.decode())


def former_award(number):
    return get_object_or_404(selectors.with_public_details(selectors.published_applications()), number=number)


def facts(application):
    return (
        application.pk, application.number, application.title, application.public_summary, application.public_summary_en,
        application.amount_awarded, application.decided_at, application.status, application.get_deferred_fields(),
        application.criteria_version, application.amount_disbursed, application.signed_at, application.report_due_months,
        application.organisme.legal_name, application.organisme.neq, application.organisme.get_deferred_fields(),
        application.region.code, application.region.name, application.tier.code, application.tier.program.code,
        application._state.adding, application._state.db,
    )


@pytest.fixture
def awards():
    """The published grants of every kind the page shows, and those it must not."""
    plain = award(title="Des <portables> & « du » soutien", public_summary="Ligne 1\nLigne 2 d'accueil",
                  public_summary_en="Two laptops & more")
    french_only = award(code=TierCode.ACCELERATION, amount="9999.50", public_summary_en="")
    signed = awarded(code="innovation", amount=Decimal("10000"))
    grants.sign_agreement(actor=member_of(signed.organisme), agreement=signed.agreement, **SIGNATURE)
    staff = StaffUserFactory()
    paid_on = timezone.localdate()
    first = grants.record_payment(actor=staff, application=signed, amount=Decimal("8000"), paid_on=paid_on,
                                  method="transfer", reference="V1")
    grants.reverse_payment(actor=staff, payment=first, reason="Mauvais compte")
    grants.record_payment(actor=staff, application=signed, amount=Decimal("2500.25"), paid_on=paid_on,
                          method="transfer", reference="V2")
    committee = CommitteeFactory()
    assignment = assign(committee, status=ApplicationStatus.AWARDED, tier=tier(TierCode.AMORCAGE), number="SC-0001",
                        amount_awarded=Decimal("3000"), decided_at=timezone.now(), public_summary="Noté.")
    criteria = tier(TierCode.AMORCAGE).current_criteria_set.criteria.count()
    scorecard(assignment, members(committee)[list(SeatKind).index(SeatKind.REGIONAL_CENTRAIDE)], [3] * criteria)
    publish_criteria_version(tier(TierCode.AMORCAGE))
    later = award(decided_at=timezone.now())  # in force: the new version
    unsigned = awarded(code="acceleration")  # an agreement not yet signed: not published
    cancelled = award(status=ApplicationStatus.DECLINED)
    return {"shown": [plain, french_only, signed, assignment.application, later], "hidden": [unsigned, cancelled]}


def test_the_award_is_the_former_fetch_s(awards, django_assert_num_queries):
    for application in awards["shown"]:
        expected = facts(former_award(application.number))
        with django_assert_num_queries(1):  # the joined rows are read with it
            assert facts(selectors.published_award(application.number)) == expected
    versions = {facts(former_award(application.number))[9] for application in awards["shown"]}
    assert {1, 2} <= versions  # the scored version, and the one in force at a later award
    assert facts(former_award(awards["shown"][2].number))[10] == Decimal("2500.25")


def test_what_the_former_fetch_refused_is_404(awards):
    for number in [application.number for application in awards["hidden"]] + ["INCONNU-0001", "%", ""]:
        with pytest.raises(Http404):
            former_award(number)
        with pytest.raises(Http404):
            selectors.published_award(number)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_is_the_one_the_orm_made(client, awards, language):
    for application in awards["shown"]:
        with translation.override(language):
            url = reverse("register:grant_detail", args=[application.number])
            compiled = client.get(url)
            with through_the_orm():
                orm = client.get(url)
        assert compiled.status_code == orm.status_code == 200
        assert unmasked(compiled) == unmasked(orm)
        assert application.number in compiled.content.decode()
