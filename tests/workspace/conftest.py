"""Data and viewers of the staff home's tests: a bit of every queue, and who looks at it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from applications.decision_reviews.models import DecisionReview
from applications.models import ApplicationStatus as S
from applications.models import InfoRequest, StatusChange
from grants.models import Amendment
from tests.factories import StaffUserFactory
from tests.grants.conftest import after_award  # noqa: F401 (the post-award queues' data set)
from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, MONTREAL, regional_staff, signed_in_team, submitted_application
from tests.workspace.data import build_program_at_work


def _overdue_info_request(number, region_code, days_late):
    application = submitted_application(number, region_code=region_code, status=S.INFO_REQUESTED)
    InfoRequest.objects.create(
        application=application, message="La soumission", due_on=timezone.localdate() - timedelta(days=days_late)
    )
    return application


def _review_asked(number, region_code, days_ago):
    application = submitted_application(number, region_code=region_code, status=S.DECLINED)
    decision = StatusChange.objects.create(application=application, from_status=S.IN_REVIEW, to_status=S.DECLINED)
    review = DecisionReview.objects.create(application=application, decision=decision, requested_by=StaffUserFactory(), reason="?")
    DecisionReview.objects.filter(pk=review.pk).update(requested_at=timezone.now() - timedelta(days=days_ago))
    return review


def _amendment(application):
    return Amendment.objects.create(
        application=application, lines=[{"category": "equipment", "description": "Portables", "amount": "4000.00"}],
        timeline="D'ici juin", reason="Prix plus bas", requested_by=StaffUserFactory(),
    )


@pytest.fixture
def every_queue(after_award):  # noqa: F811 (the fixture imported above)
    data = build_program_at_work()
    data["late"] = _overdue_info_request("AMO-2026-0801", MONTREAL, 3)
    _overdue_info_request("AMO-2026-0802", ESTRIE, 1)
    data["review"] = _review_asked("AMO-2026-0901", MONTREAL, 4)
    _review_asked("AMO-2026-0902", ESTRIE, 20)
    _amendment(after_award["paid"])
    _amendment(after_award["overdue"])
    return {**data, **after_award}


def _signed_in_viewers():
    """The DATAide team (no region filter) and Estrie's staff (one region), signed in now (a
    clock moved on has their earlier sessions expired)."""
    team, estrie = Client(), Client()
    signed_in_team(team)
    login_staff(estrie, regional_staff(ESTRIE))
    return {"team": team, "estrie": estrie}


@pytest.fixture
def viewers():
    return _signed_in_viewers()


@pytest.fixture
def sign_in_viewers():
    """Signs the viewers in again (after the clock moves)."""
    return _signed_in_viewers
