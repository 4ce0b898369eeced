"""The final report and closing, and the whole path from the award to a closed file."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.statuses import ApplicationStatus as S
from dataide.outbox.models import OutboxMessage
from grants import selectors, services
from grants.models import FinalReport, ReportStatus
from organismes.models import MembershipRole
from tests.factories import OrganismeFactory, StaffUserFactory
from tests.grants.factories import awarded
from tests.helpers import login_staff
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db
SIGNATURE = {"full_name": "Julie Lavoie", "title": "Directrice", "authority_confirmed": "on"}
ANSWERS = {
    "realisations": "Un inventaire de nos données.", "achats": "Un portable.", "changements": "Moins de saisie.",
    "difficultes": "Le temps.",
}


def _post_batch(client, action, batch):
    return client.post(reverse("admin:grants_paymentbatch_changelist"), {"action": action, "_selected_action": [batch.pk]})


def test_the_whole_path_from_award_to_closed_file(client):
    organisme = OrganismeFactory()
    responsible = member_of(organisme)
    staff = StaffUserFactory()
    application = awarded(organisme, code="acceleration", amount=Decimal("10000"), staff=staff)

    client.force_login(responsible)
    client.post(reverse("grants:agreement", args=[application.pk]), SIGNATURE)
    batch = services.create_payment_batch(actor=staff, applications=[application])
    services.mark_batch_paid(actor=staff, batch=batch, paid_on=timezone.localdate())
    application.refresh_from_db()
    assert (application.status, services.total_paid(application)) == (S.PAID, Decimal("8000"))

    client.post(reverse("grants:report_step", args=[application.pk, "projet"]), {**ANSWERS, "action": "next"})
    client.post(reverse("grants:report", args=[application.pk]), {"submit": ""})
    report = FinalReport.objects.get(application=application)
    assert report.status == ReportStatus.SUBMITTED
    with pytest.raises(ValidationError) as excinfo:
        services.close_application(actor=staff, application=application)
    assert excinfo.value.error_list[0].code == "report_not_accepted"

    login_staff(client, staff)
    client.post(reverse("admin:grants_finalreport_changelist"), {"action": "accept", "_selected_action": [report.pk]})
    application.refresh_from_db()
    assert application.status == S.REPORT_RECEIVED
    assert [(a.application_id, due) for a, due in selectors.payments_due()] == [(application.pk, Decimal("2000.00"))]
    with pytest.raises(ValidationError) as excinfo:
        services.close_application(actor=staff, application=application)
    assert excinfo.value.error_list[0].code == "payment_due"

    final_batch = services.create_payment_batch(actor=staff, applications=[application])
    _post_batch(client, "mark_paid", final_batch)
    client.post(reverse("admin:grants_finalreport_changelist"), {"action": "close", "_selected_action": [report.pk]})
    application.refresh_from_db()
    assert (application.status, services.total_paid(application)) == (S.CLOSED, Decimal("10000"))


def _paid(organisme, **kwargs):
    application = awarded(organisme, **kwargs)
    services.sign_agreement(actor=member_of(organisme), agreement=application.agreement, **{**SIGNATURE, "authority_confirmed": True})
    services.record_payment(actor=StaffUserFactory(), application=application, amount=application.amount_awarded,
                            paid_on=timezone.localdate(), method="transfer")
    application.refresh_from_db()
    return application


def test_a_draft_keeps_what_was_typed_and_submission_needs_every_answer(client):
    organisme = OrganismeFactory()
    application = _paid(organisme)
    client.force_login(member_of(organisme))
    client.post(reverse("grants:report_step", args=[application.pk, "projet"]), {"realisations": "À moitié", "action": "save"})
    response = client.post(reverse("grants:report", args=[application.pk]), {"submit": ""}, follow=True)
    assert "Qu&#x27;avez-vous acheté ou payé avec la bourse ? : Répondez à cette question." in response.content.decode()
    report = FinalReport.objects.get(application=application)
    assert report.answers["realisations"] == "À moitié" and report.status == ReportStatus.DRAFT


def test_a_collaborator_drafts_but_cannot_submit():
    organisme = OrganismeFactory()
    application = _paid(organisme)
    collaborator = member_of(organisme, role=MembershipRole.COLLABORATOR)
    services.save_report(actor=collaborator, application=application, answers=ANSWERS)
    with pytest.raises(PermissionDenied):
        services.save_report(actor=collaborator, application=application, answers=ANSWERS, submit=True)


def test_another_organisme_cannot_report_on_it(client):
    application = _paid(OrganismeFactory())
    stranger = member_of(OrganismeFactory())
    with pytest.raises(PermissionDenied):
        services.save_report(actor=stranger, application=application, answers=ANSWERS)
    client.force_login(stranger)
    assert client.get(reverse("grants:report", args=[application.pk])).status_code == 404


def test_staff_ask_for_changes_with_a_message(client, django_capture_on_commit_callbacks):
    organisme = OrganismeFactory()
    application = _paid(organisme)
    services.save_report(actor=member_of(organisme), application=application, answers=ANSWERS, submit=True)
    report = FinalReport.objects.get(application=application)
    login_staff(client, StaffUserFactory())
    url = reverse("admin:grants_finalreport_changes", args=[report.pk])
    assert "Ce champ est obligatoire" in client.post(url, {"message": ""}).content.decode()
    client.post(url, {"message": "Précisez le budget réel."})
    report.refresh_from_db()
    assert (report.status, report.staff_message) == (ReportStatus.CHANGES_REQUESTED, "Précisez le budget réel.")
    assert OutboxMessage.objects.filter(template="report_changes_requested").exists()
    client.force_login(member_of(organisme))
    assert "Précisez le budget réel." in client.get(reverse("grants:report", args=[application.pk])).content.decode()


def test_report_reminders_go_out_30_days_before_on_the_day_and_14_days_after_once_each():
    organisme = OrganismeFactory()
    application = _paid(organisme)
    due_on = services.report_due_on(application.agreement)
    assert due_on == services.add_months(timezone.localdate(), 12)

    def run(day):
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        return services.queue_report_reminders(now=moment)

    assert run(due_on - timedelta(days=31)) == 0
    assert [run(due_on - timedelta(days=30)), run(due_on - timedelta(days=29))] == [1, 0]
    assert [run(due_on), run(due_on)] == [1, 0]
    assert application.agreement in selectors.reports_overdue(today=due_on + timedelta(days=1))
    assert [run(due_on + timedelta(days=14)), run(due_on + timedelta(days=40))] == [1, 0]
    assert OutboxMessage.objects.filter(template="report_reminder").count() == 3


def test_a_late_run_sends_only_the_latest_reminder():
    application = _paid(OrganismeFactory())
    due_on = services.report_due_on(application.agreement)
    late = timezone.make_aware(datetime.datetime.combine(due_on + timedelta(days=20), datetime.time(12)))
    assert services.queue_report_reminders(now=late) == 1
    assert services.queue_report_reminders(now=late) == 0
    assert OutboxMessage.objects.filter(template="report_reminder").count() == 1


def test_the_report_has_no_impact_question():
    application = _paid(OrganismeFactory())
    assert not [q for q in services.report_questions(application.tier) if "impact" in q.key]
    assert "impact" not in {field.name for field in FinalReport._meta.fields}


def test_a_resubmission_keeps_the_first_submission_time_and_is_an_event_of_its_own():
    from dataide.audit.events import AuditEventType
    from dataide.audit.models import AuditEvent

    organisme = OrganismeFactory()
    application = _paid(organisme)
    responsible = member_of(organisme)
    services.save_report(actor=responsible, application=application, answers=ANSWERS, submit=True)
    first = timezone.now() - timedelta(days=20)
    FinalReport.objects.filter(application=application).update(submitted_at=first)
    services.request_report_changes(actor=StaffUserFactory(), application=application, message="Précisez le budget réel.")
    services.save_report(actor=responsible, application=application, answers=ANSWERS, submit=True)
    report = FinalReport.objects.get(application=application)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at == first
    submissions = AuditEvent.objects.for_object(report).filter(action=AuditEventType.FINAL_REPORT_SUBMITTED)
    assert submissions.count() == 2 and all(event.created_at > first for event in submissions)
