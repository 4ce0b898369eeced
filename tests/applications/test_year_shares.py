"""Yearly shares: an award counts in the program year of its decision, and a year's share bounds
that year on top of the whole quota and envelope — held under real concurrent transactions."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.decisions import award_application
from applications.models import AWARDED_STATUSES, Application
from applications.models import ApplicationStatus as S
from programs.models import YearShare
from programs.years import program_year, program_year_of, program_years
from tests.factories import ApplicationFactory, StaffUserFactory, tier
from tests.helpers import at_the_same_moment

THREADS = 12


def this_year(grant_tier):
    return program_year(grant_tier.program, program_year_of(grant_tier.program, timezone.localdate()))


def another_year(grant_tier):
    current = this_year(grant_tier).number
    return next(year for year in program_years(grant_tier.program) if year.number != current)


def share(grant_tier, places, envelope=Decimal("100000"), year=None):
    # Made directly: the share's own service is tested in tests/programs/test_year_shares.py.
    year = year or this_year(grant_tier)
    return YearShare.objects.create(tier=grant_tier, year=year.number, places=places, envelope=envelope)


def awarded(grant_tier, *, decided_at=None, amount=Decimal("4000"), count=1):
    for _ in range(count):
        ApplicationFactory(
            tier=grant_tier, status=S.AWARDED, amount_requested=amount, amount_awarded=amount,
            decided_at=decided_at or timezone.now(),
        )


def in_review(amount=Decimal("4000")):
    return ApplicationFactory(status=S.IN_REVIEW, amount_requested=amount)


def refusal(staff, application, amount):
    with pytest.raises(ValidationError) as excinfo:
        award_application(actor=staff, application=application, amount=amount)
    return excinfo.value


@pytest.fixture
def staff(db):
    return StaffUserFactory()


@pytest.mark.django_db
def test_an_award_past_the_year_share_is_refused_with_the_year_and_the_waitlist(staff):
    amorcage = tier()
    share(amorcage, places=2)
    awarded(amorcage, count=2)

    error = refusal(staff, in_review(), Decimal("1000"))

    assert error.code == "year_share_exhausted"
    assert f"année {this_year(amorcage).number}" in error.messages[0]
    assert "liste d'attente" in error.messages[0]
    assert amorcage.quota > 2  # the whole quota had room: the year's share refused it


@pytest.mark.django_db
def test_awards_decided_in_another_year_do_not_count_in_this_year_share(staff):
    amorcage = tier()
    share(amorcage, places=2)
    awarded(amorcage, count=2, decided_at=another_year(amorcage).start + timedelta(hours=12))

    application = award_application(actor=staff, application=in_review(), amount=Decimal("1000"))

    assert application.status == S.AWARDED


@pytest.mark.django_db
def test_an_award_past_the_year_envelope_is_refused(staff):
    amorcage = tier()
    share(amorcage, places=50, envelope=Decimal("5000"))
    awarded(amorcage, amount=Decimal("4000"))

    error = refusal(staff, in_review(), Decimal("1500"))
    assert error.code == "year_envelope_exhausted"
    assert "1\xa0000\xa0$" in error.messages[0]

    assert award_application(actor=staff, application=in_review(), amount=Decimal("1000")).status == S.AWARDED


@pytest.mark.django_db
def test_a_year_without_a_share_is_bounded_by_the_whole_quota_only(staff):
    amorcage = tier()
    share(amorcage, places=0, envelope=Decimal(0), year=another_year(amorcage))
    awarded(amorcage, count=3)
    amorcage.quota = 4
    amorcage.save(update_fields=["quota"])

    assert award_application(actor=staff, application=in_review(), amount=Decimal("1000")).status == S.AWARDED
    assert refusal(staff, in_review(), Decimal("1000")).code == "quota_exhausted"


@pytest.mark.django_db
def test_the_whole_quota_still_holds_when_the_year_share_has_room(staff):
    amorcage = tier()
    awarded(amorcage, count=2, decided_at=another_year(amorcage).start + timedelta(hours=12))
    amorcage.quota = 2
    amorcage.budget_envelope = Decimal("8000")
    amorcage.save(update_fields=["quota", "budget_envelope"])
    share(amorcage, places=2)  # nothing awarded this year: the share has room, the quota has none

    assert refusal(staff, in_review(), Decimal("1000")).code == "quota_exhausted"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_awards_never_exceed_the_year_share():
    staff = StaffUserFactory()
    amorcage = tier()
    awarded(amorcage, count=3)
    share(amorcage, places=5)  # two places left this year, hundreds in the whole quota
    applications = [in_review() for _ in range(THREADS)]

    outcomes = at_the_same_moment(
        lambda application: award_application(actor=staff, application=application, amount=Decimal("1000")),
        applications,
    )
    outcomes = ["awarded" if isinstance(outcome, Application) else outcome for outcome in outcomes]

    assert outcomes.count("awarded") == 2, outcomes
    assert outcomes.count("year_share_exhausted") == THREADS - 2
    assert Application.objects.filter(tier=amorcage, status__in=AWARDED_STATUSES).count() == 5
