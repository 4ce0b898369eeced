"""Who may record a cohort's attendance and completion, and that neither is recorded ahead of time."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from dataide.accounts.roles import Role
from tests.factories import StaffUserFactory
from tests.helpers import login_staff
from trainings import services
from trainings.models import LabAttendance, SessionAttendance

from .factories import (
    CohortEnrolmentFactory,
    CohortFactory,
    CohortSessionFactory,
    LabEnrolmentFactory,
    LabSessionFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db

LATER = timedelta(days=2)


def staff_url(name, *args):
    return reverse(f"trainings:trainings_staff:{name}", args=args)


@pytest.fixture
def trainer(client):
    user = TrainerFactory()
    login_staff(client, user)
    return user


def test_attendance_of_a_session_still_to_come_is_refused_on_the_trainer_page_and_the_ticks_are_kept(client, trainer):
    enrolment = CohortEnrolmentFactory(cohort=CohortFactory(trainers=[trainer]))
    session = CohortSessionFactory(cohort=enrolment.cohort, starts_at=timezone.now() + LATER)

    assert "les présences se notent à partir de son début" in client.get(staff_url("session", session.pk)).content.decode()
    response = client.post(staff_url("session", session.pk), {"present": [enrolment.pk]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cette séance n&#x27;a pas encore eu lieu" in page
    assert re.search(rf'value="{enrolment.pk}"[^>]*checked', page)  # what was ticked is kept
    assert not SessionAttendance.objects.exists()


def test_completion_is_refused_while_a_session_of_the_cohort_is_still_to_come(client, trainer):
    cohort = CohortFactory(trainers=[trainer])
    enrolment = CohortEnrolmentFactory(cohort=cohort)
    for _ in range(5):
        session = CohortSessionFactory(cohort=cohort)
        SessionAttendance.objects.create(session=session, enrolment=enrolment)
    CohortSessionFactory(cohort=cohort, starts_at=timezone.now() + LATER)  # 5 of 6 = 83 %, but not over yet

    response = client.post(staff_url("complete", enrolment.pk), follow=True)
    assert response.status_code == 200
    assert "1 séance(s) reste(nt) à venir" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None


def test_the_lab_refuses_attendance_ahead_of_its_session_and_completion_ahead_of_its_last_session(client):
    enrolment = LabEnrolmentFactory()
    coming = LabSessionFactory(cohort=enrolment.cohort, starts_at=timezone.now() + LATER)
    login_staff(client, StaffUserFactory())

    response = client.post(
        reverse("admin:trainings_labsession_attendance", args=[coming.pk]), {"present": [enrolment.pk]}
    )
    assert response.status_code == 200
    assert "Cette séance n&#x27;a pas encore eu lieu" in response.content.decode()
    assert not LabAttendance.objects.exists()
    with pytest.raises(ValidationError, match="reste"):
        services.complete_lab_enrolment(actor=StaffUserFactory(), enrolment=enrolment)


@pytest.mark.parametrize(
    "outsider",
    [TrainerFactory, lambda: StaffUserFactory(roles=[Role.REGIONAL_CENTRAIDE])],
    ids=["trainer-of-another-cohort", "regional-staff"],
)
def test_only_the_cohorts_trainers_and_the_dataide_team_record_attendance_and_completion(outsider):
    trainer = TrainerFactory()
    enrolment = CohortEnrolmentFactory(cohort=CohortFactory(trainers=[trainer]))
    session = CohortSessionFactory(cohort=enrolment.cohort)
    SessionAttendance.objects.create(session=session, enrolment=enrolment)
    actor = outsider()

    with pytest.raises(PermissionDenied):
        services.record_session_attendance(actor=actor, session=session, present_enrolments=[])
    with pytest.raises(PermissionDenied):
        services.complete_cohort_enrolment(actor=actor, enrolment=enrolment)
    assert SessionAttendance.objects.count() == 1

    services.record_session_attendance(actor=StaffUserFactory(), session=session, present_enrolments=[enrolment])
    services.complete_cohort_enrolment(actor=trainer, enrolment=enrolment)
    enrolment.refresh_from_db()
    assert enrolment.completed_by == trainer
