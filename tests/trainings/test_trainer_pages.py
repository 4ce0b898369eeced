import pytest
from django.urls import reverse

from dataide.outbox.models import OutboxMessage
from programs.models import Gate
from tests.factories import MembershipFactory
from tests.helpers import login_staff
from trainings.gates import gate_status
from trainings.models import SessionAttendance

from .factories import (
    CohortEnrolmentFactory,
    CohortFactory,
    CohortSessionFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db


def staff_url(name, *args):
    return reverse(f"trainings:trainings_staff:{name}", args=args)


@pytest.fixture
def trainer(client):
    user = TrainerFactory()
    login_staff(client, user)
    return user


def cohort_with(trainer, enrolments: int, sessions: int = 5):
    cohort = CohortFactory(trainers=[trainer])
    for _ in range(sessions):
        CohortSessionFactory(cohort=cohort)
    for _ in range(enrolments):
        CohortEnrolmentFactory(cohort=cohort)
    return cohort


def test_trainer_pages_require_two_step_verification(client):
    client.force_login(TrainerFactory())
    assert client.get(staff_url("cohorts")).url == reverse("mfa_activate_totp")


def test_trainer_sees_only_their_cohorts_and_others_give_404(client, trainer):
    mine = cohort_with(trainer, enrolments=1)
    other = cohort_with(TrainerFactory(), enrolments=1)
    listing = client.get(staff_url("cohorts")).content.decode()
    assert mine.name in listing and other.name not in listing

    other_session = other.sessions.first()
    other_enrolment = other.enrolments.first()
    assert client.get(staff_url("cohort", other.pk)).status_code == 404
    assert client.get(staff_url("cohort", 999999)).status_code == 404
    assert client.get(staff_url("session", other_session.pk)).status_code == 404
    assert client.post(staff_url("session", other_session.pk), {"present": [other_enrolment.pk]}).status_code == 404
    assert client.post(staff_url("complete", other_enrolment.pk)).status_code == 404
    assert not SessionAttendance.objects.exists()
    assert client.get(staff_url("cohort", mine.pk)).status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_cohort_and_session_pages_use_the_same_number_of_queries_whatever_the_size(
    client, trainer, size, django_assert_max_num_queries
):
    cohort = cohort_with(trainer, enrolments=size, sessions=size)
    session = cohort.sessions.first()
    with django_assert_max_num_queries(12):
        assert client.get(staff_url("cohort", cohort.pk)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(staff_url("session", session.pk)).status_code == 200


def test_attendance_then_completion_opens_the_acceleration_gate(client, trainer):
    cohort = cohort_with(trainer, enrolments=0, sessions=5)
    enrolment = CohortEnrolmentFactory(cohort=cohort)
    MembershipFactory(organisme=enrolment.organisme)
    sessions = list(cohort.sessions.all())

    for session in sessions[:3]:
        client.post(staff_url("session", session.pk), {"present": [enrolment.pk]})
    client.post(staff_url("complete", enrolment.pk))
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None  # 3 of 5 = 60 % < 80 %
    assert not gate_status(enrolment.organisme, Gate.NORD_OUVERT_TRAINING).is_open

    client.post(staff_url("session", sessions[3].pk), {"present": [enrolment.pk]})
    response = client.post(staff_url("complete", enrolment.pk))
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.completed_at and enrolment.completed_by == trainer
    assert gate_status(enrolment.organisme, Gate.NORD_OUVERT_TRAINING).is_open
    assert OutboxMessage.objects.filter(template="training_completed").count() == 1


def test_unticking_a_box_records_an_absence(client, trainer):
    cohort = cohort_with(trainer, enrolments=2, sessions=1)
    session = cohort.sessions.get()
    first, second = cohort.enrolments.all()
    client.post(staff_url("session", session.pk), {"present": [first.pk, second.pk]})
    client.post(staff_url("session", session.pk), {"present": [second.pk]})
    assert list(SessionAttendance.objects.values_list("enrolment", flat=True)) == [second.pk]
