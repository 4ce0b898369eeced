"""The status table: the sets derived from it, and `move_to` checking each move and its
permission against it whoever calls it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications import statuses
from applications.models import ApplicationStatus as S
from applications.models import StatusChange
from applications.services import screen_application
from applications.transitions import move_to
from dataide.audit.models import AuditEvent
from tests.factories import StaffUserFactory
from tests.organismes.factories import member_of
from tests.staff.factories import regional_staff, submitted_application

pytestmark = pytest.mark.django_db


def test_the_sets_are_derived_from_the_table():
    assert statuses.DECIDABLE_STATUSES == (S.IN_REVIEW, S.AWARDED, S.WAITLISTED)
    assert statuses.WITHDRAWABLE_STATUSES == (
        S.DRAFT, S.SUBMITTED, S.SCREENING, S.ELIGIBLE, S.IN_REVIEW, S.WAITLISTED, S.INFO_REQUESTED,
    )
    assert statuses.WAITING_STATUSES == (S.SUBMITTED, S.SCREENING, S.ELIGIBLE, S.IN_REVIEW, S.WAITLISTED)
    assert statuses.EDITABLE_STATUSES == (S.DRAFT,)
    assert statuses.REOPENED_STATUSES == (S.INFO_REQUESTED,)
    assert set(statuses.OPEN_STATUSES).isdisjoint(statuses.AWARDED_STATUSES)
    assert all(set(info.moves) <= set(S) for info in statuses.STATUSES.values())
    assert set(statuses.STATUSES) == set(S)


def test_move_to_refuses_an_actor_without_the_moves_permission():
    application = submitted_application("AMO-2026-0801", status=S.IN_REVIEW)
    screener = regional_staff("06")  # screens in Montréal, does not decide
    with pytest.raises(PermissionDenied):
        move_to(application, S.AWARDED, actor=screener)
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert not StatusChange.objects.exists() and not AuditEvent.objects.exists()

    move_to(application, S.AWARDED, actor=StaffUserFactory(), amount="4000.00")
    assert application.status == S.AWARDED


def test_move_to_refuses_a_move_the_table_does_not_hold():
    with pytest.raises(ValidationError) as refused:
        move_to(submitted_application("AMO-2026-0802"), S.AWARDED, actor=StaffUserFactory())
    assert refused.value.code == "invalid_transition"


def test_a_member_of_the_organisme_cannot_screen_its_application():
    application = submitted_application("AMO-2026-0803")
    with pytest.raises(PermissionDenied):
        screen_application(actor=member_of(application.organisme), application=application, eligible=True)


def test_regional_staff_screen_their_region_only():
    montreal = submitted_application("AMO-2026-0804", region_code="06")
    screen_application(actor=regional_staff("06"), application=montreal, eligible=True)
    assert montreal.status_changes.get().to_status == S.ELIGIBLE
    with pytest.raises(PermissionDenied):
        screen_application(
            actor=regional_staff("05"), application=submitted_application("AMO-2026-0805", region_code="06"),
            eligible=True,
        )
