"""A conversation per application between the organisme and the DATAide team: either side
writes, the other is e-mailed in its language; attachments pass the same checks; staff read it
on the admin page and answer on its page; committee members never see it."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.conversation.models import ApplicationMessage
from applications.conversation.selectors import questions_waiting
from applications.models import ApplicationStatus
from dataide.audit.models import AuditEvent
from dataide.outbox.models import OutboxMessage
from tests.applications.factories import pdf_upload
from tests.applications.pages import page
from tests.committees.factories import CommitteeFactory, assign, members
from tests.factories import ApplicationFactory, OrganismeFactory
from tests.helpers import login_staff
from tests.organismes.factories import member_of
from tests.staff.factories import regional_staff, signed_in_team

pytestmark = pytest.mark.django_db


def _application(number="AMO-2026-0042", **organisme_fields):
    organisme = OrganismeFactory(**organisme_fields)
    return ApplicationFactory(organisme=organisme, status=ApplicationStatus.SUBMITTED, number=number)


def test_the_organisme_asks_the_team_is_emailed_then_answers_and_the_organisme_is_emailed(client, settings):
    application = _application(preferred_language="en")
    person = member_of(application.organisme)
    client.force_login(person)
    url = reverse("applications:conversation", args=[application.pk])
    response = client.post(url, {"body": "Faut-il joindre nos états financiers ?", "file": pdf_upload("bilan.pdf")})
    assert response.status_code == 302
    question = ApplicationMessage.objects.get()
    assert not question.from_staff and question.file_name == "bilan.pdf"
    to_team = OutboxMessage.objects.get(recipient_email=settings.PROGRAM_CONTACT_EMAIL)
    assert to_team.language == "fr" and "AMO-2026-0042" in to_team.subject
    assert "Faut-il joindre nos états financiers ?" in to_team.body_html
    assert f"/fr/demandes/equipe/{application.pk}/questions/" in to_team.body_html
    assert [a.pk for a in questions_waiting()] == [application.pk]

    signed_in_team(client)
    admin_page = page(client.get(reverse("admin:applications_application_change", args=[application.pk])))
    assert "Faut-il joindre nos états financiers ?" in admin_page and "bilan.pdf" in admin_page
    staff_url = reverse("applications:conversation_staff:thread", args=[application.pk])
    file_url = reverse("applications:conversation_staff:file", args=[application.pk, question.pk])
    assert client.get(file_url).status_code == 200
    client.post(staff_url, {"body": "Oui, ceux de la dernière année."})
    answer = ApplicationMessage.objects.get(from_staff=True)
    to_organisme = OutboxMessage.objects.get(recipient_email=person.email)
    assert to_organisme.language == "en" and "New message" in to_organisme.subject
    assert f"/{application.pk}/questions/" in to_organisme.body_html
    assert "Oui, ceux de la dernière année." in to_organisme.body_html
    assert list(questions_waiting()) == []
    assert AuditEvent.objects.filter(action="application.message_written").count() == 2
    assert answer.author is not None

    client.force_login(person)
    html = page(client.get(url))
    assert html.index("Faut-il joindre") < html.index("Oui, ceux de la dernière année.")
    assert "L'équipe DATAide" in html


def test_attachments_pass_the_same_checks(client):
    application = _application()
    client.force_login(member_of(application.organisme))
    url = reverse("applications:conversation", args=[application.pk])
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    html = page(client.post(url, {"body": "Voici le fichier", "file": fake}))
    assert "Voici le fichier" in html  # what was typed is given back
    assert not ApplicationMessage.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_an_empty_message_is_explained(client):
    application = _application()
    client.force_login(member_of(application.organisme))
    response = client.post(reverse("applications:conversation", args=[application.pk]), {"body": "   "})
    assert response.status_code == 200 and not ApplicationMessage.objects.exists()


def test_committee_members_and_other_regions_get_404(client):
    committee = CommitteeFactory()
    assignment = assign(committee)
    application = assignment.application
    ApplicationMessage.objects.create(application=application, body="Question confidentielle")
    urls = [
        reverse("applications:conversation", args=[application.pk]),
        reverse("applications:conversation_staff:thread", args=[application.pk]),
    ]
    for member in members(committee):
        client.force_login(member)
        for url in urls:
            assert client.get(url).status_code == 404, (member, url)
            assert client.post(url, {"body": "Je lis tout"}).status_code == 404
    # Staff of another region do not answer for this one.
    login_staff(client, regional_staff("05") if application.organisme.region.code != "05" else regional_staff("06"))
    assert client.get(urls[1]).status_code == 404
    assert ApplicationMessage.objects.count() == 1


def test_questions_waiting_oldest_first_with_their_age():
    older, newer, answered = (_application(f"AMO-2026-010{index}") for index in range(3))
    for application in (older, newer, answered):
        ApplicationMessage.objects.create(application=application, body="Question ?")
    ApplicationMessage.objects.filter(application=older).update(created_at=timezone.now() - timedelta(days=4))
    ApplicationMessage.objects.create(application=answered, body="Réponse", from_staff=True)
    waiting = list(questions_waiting())
    assert [a.pk for a in waiting] == [older.pk, newer.pk]
    assert timezone.now() - waiting[0].waiting_since > timedelta(days=3)
