"""Bulk actions of the applications list, through the admin as staff use them: the intermediate
page, then the confirmation; every change goes through a service (status history, audit, mail)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from applications.models import Application, StatusChange
from applications.models import ApplicationStatus as S
from committees.models import Assignment
from dataide.audit.models import AuditEvent
from dataide.outbox.models import OutboxMessage
from tests.committees.factories import CommitteeFactory
from tests.helpers import login_staff
from tests.organismes.factories import member_of
from tests.staff.factories import regional_staff, signed_in_team, submitted_application

pytestmark = pytest.mark.django_db
LIST = reverse("admin:applications_application_changelist")


def act(client, action, applications, **data):
    return client.post(LIST, {"action": action, "_selected_action": [a.pk for a in applications], **data})


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_screen_as_eligible_after_the_intermediate_page(client):
    signed_in_team(client)
    first, second = submitted_application("AMO-2026-0001"), submitted_application("AMO-2026-0002")
    page = act(client, "screen_eligible", [first, second])
    assert page.status_code == 200 and "Déclarer admissibles" in page.content.decode()
    assert Application.objects.get(pk=first.pk).status == S.SUBMITTED  # nothing before confirming

    response = act(client, "screen_eligible", [first, second], confirmer="oui", message="")
    assert response.status_code == 302
    assert set(Application.objects.values_list("status", flat=True)) == {S.ELIGIBLE}
    assert StatusChange.objects.filter(to_status=S.ELIGIBLE).count() == 2
    assert AuditEvent.objects.filter(action="application.eligible").count() == 2
    assert "2 demandes vérifiées." in texts(response)


def test_screen_as_ineligible_needs_a_reason_and_tells_the_organisme(client):
    signed_in_team(client)
    application = submitted_application("AMO-2026-0003")
    member_of(application.organisme)
    page = act(client, "screen_ineligible", [application], confirmer="oui", message="  ")
    assert page.status_code == 200 and "Ce champ est obligatoire." in page.content.decode()
    assert Application.objects.get(pk=application.pk).status == S.SUBMITTED

    act(client, "screen_ineligible", [application], confirmer="oui", message="Le NEQ n'est pas celui d'un OBNL.")
    application.refresh_from_db()
    assert application.status == S.INELIGIBLE
    assert application.decision_reason == "Le NEQ n'est pas celui d'un OBNL."
    message = OutboxMessage.objects.get(template="application_ineligible")
    assert "Le NEQ n'est pas celui d'un OBNL." in message.body_text


def test_screening_refused_by_the_transitions_is_reported_and_changes_nothing(client):
    signed_in_team(client)
    awarded = submitted_application("AMO-2026-0004", status=S.AWARDED, amount_awarded=4000)
    response = act(client, "screen_eligible", [awarded], confirmer="oui", message="")
    assert any("ne peut pas passer de « Accordée » à « Admissible »" in text for text in texts(response))
    assert Application.objects.get(pk=awarded.pk).status == S.AWARDED


def test_send_a_reminder_to_the_members(client):
    signed_in_team(client)
    application = submitted_application("AMO-2026-0005")
    member_of(application.organisme, email="responsable@exemple.org")
    act(client, "send_reminder", [application], confirmer="oui", message="Il manque la soumission du fournisseur.")
    message = OutboxMessage.objects.get(template="staff_reminder")
    assert message.recipient_email == "responsable@exemple.org"
    assert "AMO-2026-0005" in message.subject and "Il manque la soumission du fournisseur." in message.body_text
    assert AuditEvent.objects.filter(action="application.reminder_sent").exists()


def test_assign_to_a_committee_contributed_by_the_committees_app(client):
    signed_in_team(client)
    committee = CommitteeFactory()  # Montréal, amorçage
    eligible = submitted_application("AMO-2026-0006", status=S.ELIGIBLE)
    page = act(client, "assign_to_committee", [eligible])
    assert page.status_code == 200 and committee.name in page.content.decode()

    response = act(client, "assign_to_committee", [eligible], confirmer="oui", committee=committee.pk)
    assert Assignment.objects.get().application == eligible
    assert Application.objects.get(pk=eligible.pk).status == S.IN_REVIEW
    assert any("1 demande assignée" in text for text in texts(response))


def test_assigning_outside_the_committee_region_assigns_nothing_and_says_why(client):
    signed_in_team(client)
    committee = CommitteeFactory()  # Montréal
    here = submitted_application("AMO-2026-0007", status=S.ELIGIBLE)
    elsewhere = submitted_application("AMO-2026-0008", status=S.ELIGIBLE, region_code="05")
    response = act(client, "assign_to_committee", [here, elsewhere], confirmer="oui", committee=committee.pk)
    assert not Assignment.objects.exists()
    assert any("AMO-2026-0008 n'est pas de la région du comité." in text for text in texts(response))


def test_regional_staff_cannot_assign(client):
    login_staff(client, regional_staff("06"))
    CommitteeFactory()
    eligible = submitted_application("AMO-2026-0009", status=S.ELIGIBLE)
    response = act(client, "assign_to_committee", [eligible], confirmer="oui")
    assert not Assignment.objects.exists()
    assert "Seule l'équipe DATAide assigne les demandes aux comités." in texts(response)


def test_export_the_selection(client):
    signed_in_team(client)
    chosen = submitted_application("AMO-2026-0010")
    submitted_application("AMO-2026-0011")
    response = act(client, "export_selection", [chosen])
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "AMO-2026-0010" in content and "AMO-2026-0011" not in content


def _organisme_page(client, application, member):
    client.force_login(member)
    return client.get(reverse("applications:detail", args=[application.pk])).content.decode()


def test_screening_separates_the_internal_note_from_the_message_to_the_organisme(client):
    signed_in_team(client)
    application = submitted_application("AMO-2026-0011")
    member = member_of(application.organisme)
    page = act(client, "screen_eligible", [application]).content.decode()
    assert "Note interne (équipe seulement)" in page and "Message à l&#x27;organisme" in page

    act(
        client, "screen_eligible", [application], confirmer="oui",
        message="Votre demande est complète, merci !", internal_note="NEQ vérifié au registre ; à surveiller.",
    )
    change = StatusChange.objects.get(application=application, to_status=S.ELIGIBLE)
    assert (change.message, change.internal_note) == (
        "Votre demande est complète, merci !", "NEQ vérifié au registre ; à surveiller."
    )
    admin_page = client.get(reverse("admin:applications_application_change", args=[application.pk])).content.decode()
    assert "NEQ vérifié au registre" in admin_page

    history = _organisme_page(client, application, member)
    assert "Votre demande est complète, merci !" in history
    assert "NEQ vérifié" not in history


def test_an_ineligible_screening_mails_the_message_and_never_the_internal_note(client):
    signed_in_team(client)
    application = submitted_application("AMO-2026-0012")
    member = member_of(application.organisme)
    page = act(client, "screen_ineligible", [application], confirmer="oui", internal_note="Doublon probable.")
    assert "Ce champ est obligatoire." in page.content.decode()  # the message is the reason: required

    act(
        client, "screen_ineligible", [application], confirmer="oui",
        message="Le NEQ n'est pas celui d'un OBNL.", internal_note="Doublon probable d'un autre dossier.",
    )
    mail = OutboxMessage.objects.get(template="application_ineligible")
    assert "Le NEQ n'est pas celui d'un OBNL." in mail.body_text and "Le NEQ" in mail.body_html
    assert "Doublon" not in mail.body_text and "Doublon" not in mail.body_html
    history = _organisme_page(client, application, member)
    assert "Le NEQ n&#x27;est pas celui d&#x27;un OBNL." in history and "Doublon" not in history
