from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dataide.outbox.models import OutboxMessage
from programs.models import Gate
from tests.factories import MembershipFactory, StaffUserFactory, UserFactory
from trainings.gates import gate_status
from trainings.models import NordOuvertCandidacy, WebinarFeedback, WebinarRegistration
from trainings.selectors import feedback_summary
from trainings.services import (
    complete_lab_enrolment,
    enrol_leader,
    record_lab_attendance,
    register_for_webinar,
    send_webinar_reminders,
)

from .factories import (
    LabCohortFactory,
    LabSessionFactory,
    LeaderFactory,
    WebinarAttendanceFactory,
    WebinarRegistrationFactory,
    WebinarSessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    return membership


def test_register_sends_the_link_and_unregister_removes_it(client, member):
    webinar = WebinarSessionFactory()
    page = client.get(reverse("trainings:webinars")).content.decode()
    assert webinar.title in page

    client.post(reverse("trainings:register", args=[webinar.pk]))
    assert WebinarRegistration.objects.filter(webinar=webinar, organisme=member.organisme).exists()
    message = OutboxMessage.objects.get(template="webinar_registration")
    assert message.recipient_email == member.user.email and webinar.join_url in message.body_text

    client.post(reverse("trainings:unregister", args=[webinar.pk]))
    assert not WebinarRegistration.objects.exists()


def test_full_or_past_webinars_refuse_registration_without_error(client, member):
    full = WebinarSessionFactory(capacity=1)
    WebinarRegistrationFactory(webinar=full)
    response = client.post(reverse("trainings:register", args=[full.pk]), follow=True)
    assert "complet" in response.content.decode()
    past = WebinarSessionFactory(starts_at=timezone.now() - timedelta(hours=1))
    assert client.post(reverse("trainings:register", args=[past.pk])).status_code == 404


def test_ids_of_other_organismes_give_404(client, member):
    others_registration = WebinarRegistrationFactory()
    others_attendance = WebinarAttendanceFactory()
    assert client.post(reverse("trainings:unregister", args=[others_registration.webinar_id])).status_code == 404
    assert client.get(reverse("trainings:feedback", args=[others_attendance.webinar_id])).status_code == 404
    assert client.post(reverse("trainings:feedback", args=[others_attendance.webinar_id])).status_code == 404
    assert client.post(reverse("trainings:register", args=[999999])).status_code == 404
    assert WebinarRegistration.objects.filter(pk=others_registration.pk).exists()


def test_a_person_without_organisme_gets_404(client):
    client.force_login(UserFactory())
    assert client.get(reverse("trainings:webinars")).status_code == 404


def test_anonymous_feedback_is_counted_but_not_attributed_and_asked_once(client, member):
    attendance = WebinarAttendanceFactory(organisme=member.organisme)
    url = reverse("trainings:feedback", args=[attendance.webinar_id])
    response = client.post(url, {"usefulness": "9", "clarity": "4"})
    assert response.status_code == 200 and not WebinarFeedback.objects.exists()  # kept and explained

    client.post(url, {"usefulness": "5", "clarity": "4", "suggestions": "Plus d'exemples", "anonymous": "on"})
    feedback = WebinarFeedback.objects.get()
    assert feedback.organisme is None and feedback.suggestions == "Plus d'exemples"
    client.post(url, {"usefulness": "1", "clarity": "1"})
    assert WebinarFeedback.objects.count() == 1
    summary = feedback_summary(attendance.webinar)
    assert (summary.answers, summary.usefulness) == (1, 5)


def test_candidacy_opens_only_after_a_webinar(client, member):
    url = reverse("trainings:candidacy")
    client.post(url, {"motivation": "Nous voulons apprendre."})
    assert not NordOuvertCandidacy.objects.exists()

    WebinarAttendanceFactory(organisme=member.organisme)
    client.post(url, {"motivation": "Nous voulons apprendre."})
    assert NordOuvertCandidacy.objects.get().organisme == member.organisme


def test_reminder_is_queued_a_day_before_and_never_twice():
    membership = MembershipFactory()
    soon = WebinarSessionFactory(starts_at=timezone.now() + timedelta(hours=20))
    later = WebinarSessionFactory(starts_at=timezone.now() + timedelta(days=5))
    register_for_webinar(actor=membership.user, webinar=soon, organisme=membership.organisme)
    register_for_webinar(actor=membership.user, webinar=later, organisme=membership.organisme)

    assert send_webinar_reminders() == 1
    assert send_webinar_reminders() == 0
    reminders = OutboxMessage.objects.filter(template="webinar_reminder")
    assert reminders.count() == 1 and soon.title in reminders.get().subject


def test_lab_completion_opens_the_innovation_gate_of_the_leaders_organisme():
    staff = StaffUserFactory()
    cohort = LabCohortFactory()
    sessions = [LabSessionFactory(cohort=cohort) for _ in range(5)]
    leader = LeaderFactory()
    enrolment = enrol_leader(actor=staff, cohort=cohort, leader=leader)
    for session in sessions[:4]:
        record_lab_attendance(actor=staff, session=session, present_enrolments=[enrolment])

    complete_lab_enrolment(actor=staff, enrolment=enrolment)

    status = gate_status(leader.organisme, Gate.LEADERSHIP_LAB)
    assert status.is_open and leader.full_name in status.evidence
