"""« Complément d'information demandé »: staff reopen chosen steps until a due date, the
organisme edits only those (the others are refused by the services, not just hidden), resubmits
with the attestation and the application returns to screening; reminders go out once each;
past the due date the application waits on the staff home."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.attestation import VERSION as ATTESTED
from applications.info_requests import services as info_requests
from applications.models import ApplicationStatus as S
from applications.models import InfoRequest
from dataide.audit.models import AuditEvent
from dataide.outbox.models import OutboxMessage
from organismes.models import MembershipRole
from tests.applications.factories import complete_draft, eligible_organisme, pdf_upload
from tests.applications.pages import page
from tests.factories import StaffUserFactory
from tests.helpers import login_staff
from tests.organismes.factories import member_of
from tests.staff.factories import regional_staff, signed_in_team

pytestmark = pytest.mark.django_db


def _submitted(status=S.SCREENING):
    application = complete_draft(eligible_organisme(), status=status, number="AMO-2026-0700")
    application.submitted_at = timezone.now()
    application.save(update_fields=["submitted_at"])
    return application


def _asked(application=None, step_slugs=("documents",), days=10):
    application = application or _submitted()
    responsible = member_of(application.organisme)
    info_requests.request_information(
        actor=StaffUserFactory(), application=application, message="Joignez la soumission du fournisseur.",
        step_slugs=list(step_slugs), due_on=timezone.localdate() + timedelta(days=days),
    )
    application.refresh_from_db()
    return application, responsible


def test_the_request_reopens_only_the_chosen_steps_and_tells_the_members():
    application, responsible = _asked()
    assert application.status == S.INFO_REQUESTED
    assert services.editable_steps(application) == {"documents"}
    mail = OutboxMessage.objects.get(template="info_requested", recipient_email=responsible.email)
    assert "Joignez la soumission du fournisseur." in mail.body_html and "Documents" in mail.body_html
    event = AuditEvent.objects.get(action="application.info_requested")
    assert event.data["steps"] == ["documents"]

    services.add_attachment(actor=responsible, application=application, uploaded_file=pdf_upload())
    assert application.attachments.count() == 1
    with pytest.raises(ValidationError) as refused:
        services.save_draft(actor=responsible, application=application, fields={"need": "Autre chose."})
    assert refused.value.code == "step_frozen" and "Votre besoin" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        services.save_draft(
            actor=responsible, application=application,
            budget_lines=[{"category": "equipment", "description": "Tout", "amount": 5000}],
        )
    application.refresh_from_db()
    assert application.need == "Nos ordinateurs ont dix ans." and application.amount_requested == 4000


def test_a_frozen_step_is_refused_on_its_page_and_by_the_autosave(client):
    application, responsible = _asked()
    client.force_login(responsible)
    frozen = reverse("applications:step", args=[application.pk, "besoin"])
    response = client.get(frozen, follow=True)
    assert "Cette étape n'est pas rouverte" in page(response)
    client.post(frozen, {"title": "Autre", "need": "Changé", "action": "save"})
    autosave = client.post(reverse("applications:autosave", args=[application.pk, "besoin"]), {"need": "Changé"})
    assert autosave.status_code == 409 and "n'a pas rouvert" in autosave.json()["problems"][0]
    application.refresh_from_db()
    assert application.need == "Nos ordinateurs ont dix ans."

    reopened = page(client.get(reverse("applications:step", args=[application.pk, "documents"])))
    assert "Document à ajouter" in reopened and "(fermée)" in reopened
    detail = page(client.get(reverse("applications:detail", args=[application.pk])))
    assert "Joignez la soumission du fournisseur." in detail
    assert reverse("applications:step", args=[application.pk, "documents"]) in detail
    assert reverse("applications:step", args=[application.pk, "besoin"]) not in detail


def test_resubmission_asks_the_attestation_again_and_returns_to_screening(client):
    application, responsible = _asked()
    collaborator = member_of(application.organisme, role=MembershipRole.COLLABORATOR)
    with pytest.raises(PermissionDenied):
        info_requests.resubmit_application(actor=collaborator, application=application, attestation=ATTESTED)
    client.force_login(responsible)
    submit = reverse("applications:submit", args=[application.pk])
    client.post(submit, {})
    application.refresh_from_db()
    assert application.status == S.INFO_REQUESTED

    response = client.post(submit, {"attestation": ATTESTED}, follow=True)
    application.refresh_from_db()
    assert application.status == S.SCREENING
    assert InfoRequest.objects.get().answered_at is not None
    assert AuditEvent.objects.get(action="application.screening").data == {
        "from_status": "info_requested", "attestation": ATTESTED,
    }
    timeline = page(response)
    assert "Complément d'information demandé" in timeline and "Joignez la soumission du fournisseur." in timeline
    assert "Complément d'information envoyé" in timeline
    with pytest.raises(ValidationError):
        services.add_attachment(actor=responsible, application=application, uploaded_file=pdf_upload())


def test_bad_requests_are_refused_in_french():
    application = _submitted()
    with pytest.raises(ValidationError) as refused:
        info_requests.request_information(
            actor=StaffUserFactory(), application=application, message=" ", step_slugs=["inconnue"],
            due_on=timezone.localdate(),
        )
    assert {error.code for error in refused.value.error_list} == {"message_required", "steps_invalid", "due_on_invalid"}
    application.refresh_from_db()
    assert application.status == S.SCREENING
    # Only during screening: a draft or a decided application cannot be asked.
    with pytest.raises(ValidationError):
        info_requests.request_information(
            actor=StaffUserFactory(), application=complete_draft(eligible_organisme()), message="Un devis.",
            step_slugs=["documents"], due_on=timezone.localdate() + timedelta(days=3),
        )


def test_regional_staff_of_another_region_may_not_ask():
    application = _submitted()
    with pytest.raises(PermissionDenied):
        info_requests.request_information(
            actor=regional_staff("05") if application.organisme.region.code != "05" else regional_staff("06"),
            application=application, message="Un devis.", step_slugs=["documents"],
            due_on=timezone.localdate() + timedelta(days=3),
        )


def test_each_reminder_goes_out_once():
    application, responsible = _asked(days=30)
    reminders = OutboxMessage.objects.filter(template="info_request_reminder", recipient_email=responsible.email)
    today = timezone.now()
    assert info_requests.queue_info_request_reminders(now=today) == 0
    week_before = today + timedelta(days=23)
    assert info_requests.queue_info_request_reminders(now=week_before) == 1
    assert info_requests.queue_info_request_reminders(now=week_before + timedelta(days=1)) == 0
    assert reminders.count() == 1
    assert info_requests.queue_info_request_reminders(now=today + timedelta(days=28)) == 1
    assert info_requests.queue_info_request_reminders(now=today + timedelta(days=29)) == 0
    assert reminders.count() == 2
    assert set(AuditEvent.objects.filter(action="application.info_reminder_sent").values_list("data__days_before", flat=True)) == {7, 2}


def test_past_the_due_date_staff_see_it_on_their_home_and_decide(client):
    application, _responsible = _asked(days=1)
    InfoRequest.objects.update(due_on=timezone.localdate() - timedelta(days=1))
    staff = StaffUserFactory()
    login_staff(client, staff)
    home = page(client.get(reverse("admin:index")))
    assert "Compléments d'information en retard" in home and "AMO-2026-0700" in home
    services.screen_application(actor=staff, application=application, eligible=False, message="Rien reçu.")
    application.refresh_from_db()
    assert application.status == S.INELIGIBLE
    assert "AMO-2026-0700" not in page(client.get(reverse("admin:index")))


def test_the_admin_action_asks_with_the_chosen_steps(client):
    application = _submitted()
    signed_in_team(client)
    due_on = (timezone.localdate() + timedelta(days=14)).isoformat()
    url = reverse("admin:applications_application_changelist")
    form = client.post(url, {"action": "request_information", "_selected_action": [application.pk]})
    assert "Étapes à rouvrir" in page(form)
    client.post(url, {
        "action": "request_information", "_selected_action": [application.pk], "confirmer": "oui",
        "message": "Le budget détaillé.", "steps": ["budget", "documents"], "due_on": due_on,
    })
    request = InfoRequest.objects.get(application=application)
    assert request.steps == ["budget", "documents"] and request.due_on.isoformat() == due_on
