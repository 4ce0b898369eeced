from datetime import timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import models

from dataide.accounts.models import User
from dataide.accounts.roles import Role
from devtools.management.commands.seed_demo import DEMO_PASSWORD
from organismes.models import Membership, MembershipRole, Organisme


def _snapshot():
    from committees.models import Committee, Seat
    from trainings.models import Cohort, CohortSession, WebinarAttendance, WebinarSession

    return (
        [model.objects.count() for model in (WebinarSession, WebinarAttendance, Cohort, CohortSession, Committee, Seat)],
        list(User.objects.order_by("email").values_list("email", "password")),
        list(Organisme.objects.order_by("neq").values_list("neq", "legal_name", "region__code")),
        Membership.objects.count(),
        EmailAddress.objects.count(),
    )


@pytest.mark.django_db
def test_seed_demo_creates_every_role_and_three_organismes_in_three_regions():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    printed = out.getvalue()

    for role in Role:
        assert User.objects.filter(groups__name=role.value).exists(), role
    assert User.objects.filter(groups__name=Role.COMMITTEE_MEMBER.value).count() == 4
    organismes = Organisme.objects.all()
    assert organismes.count() == 3 and len({o.region_id for o in organismes}) == 3
    assert Membership.objects.filter(role=MembershipRole.RESPONSIBLE).count() == 3
    assert not EmailAddress.objects.filter(verified=False).exists()
    for user in User.objects.all():
        assert user.email in printed and user.check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in printed
    regional = User.objects.get(groups__name=Role.REGIONAL_CENTRAIDE.value)
    assert regional.centraide_offices.exists()


@pytest.mark.django_db
def test_seed_demo_is_idempotent_even_on_another_day():
    call_command("seed_demo", stdout=StringIO())
    first = _snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert _snapshot() == first
    # A later day: the webinars are found by title, not re-created at new dates.
    from trainings.models import WebinarSession

    WebinarSession.objects.update(starts_at=models.F("starts_at") - timedelta(days=3))
    call_command("seed_demo", stdout=StringIO())
    assert _snapshot() == first


@pytest.mark.django_db
def test_the_demo_organisme_may_apply_for_amorcage_right_away():
    from django.utils import timezone

    from applications.eligibility import eligibility
    from programs.models import GrantTier

    today = timezone.localdate()  # the reference windows end in 2029: don't depend on the day
    GrantTier.objects.update(window_opens_on=today - timedelta(days=1), window_closes_on=today + timedelta(days=1))
    call_command("seed_demo", stdout=StringIO())
    hochelaga = Organisme.objects.get(neq="1160000001")
    assert eligibility(hochelaga, GrantTier.objects.get(code="amorcage")).may_apply


@pytest.mark.django_db
def test_seed_demo_shows_every_state_after_the_award_and_stays_put():
    from decimal import Decimal

    from applications.models import Application, ApplicationStatus
    from grants.models import FinalReport, Payment, ReportStatus
    from grants.services import total_paid

    call_command("seed_demo", stdout=StringIO())
    by_number = {application.number: application for application in Application.objects.filter(number__contains="-9")}
    signed_in_part = by_number["AMO-2026-9001"]
    assert signed_in_part.agreement.is_signed and signed_in_part.status == ApplicationStatus.PAID
    assert total_paid(signed_in_part) == Decimal("2000") < signed_in_part.amount_awarded
    in_progress = by_number["AMO-2026-9002"]
    assert FinalReport.objects.get(application=in_progress).status == ReportStatus.DRAFT
    closed = by_number["ACC-2026-9003"]
    assert closed.status == ApplicationStatus.CLOSED and total_paid(closed) == closed.amount_awarded
    payments = Payment.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Payment.objects.count() == payments
    assert Application.objects.get(number="ACC-2026-9003").status == ApplicationStatus.CLOSED
