"""« Télécharger nos données »: a ZIP (JSON + CSV) of every category « Ce que nous détenons » lists,
built by a task, downloaded once from an e-mailed link that expires, with nothing of anyone else."""

import io
import json
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus, DecisionReview, StatusChange
from committees.models import FeedbackLetter
from dataide.outbox.models import OutboxMessage
from dataide.privacy.models import DataExport, ReaderKind, ReadKind, ReadLogEntry
from impact.models import ImpactShare
from organismes.models import MembershipRole
from tests.applications.factories import AttachmentFactory, complete_draft
from tests.factories import ApplicationFactory, MembershipFactory, OrganismeFactory, UserFactory
from tests.trainings.factories import WebinarAttendanceFactory

pytestmark = pytest.mark.django_db


def _built_organisme(marker: str):
    """An organisme with something in every category, each carrying `marker`."""
    organisme = OrganismeFactory(legal_name=f"Organisme {marker}", mission=f"Mission {marker}")
    responsible = MembershipFactory(organisme=organisme, user=UserFactory(full_name=f"Responsable {marker}")).user
    MembershipFactory(organisme=organisme, role=MembershipRole.COLLABORATOR, user=UserFactory(full_name=f"Collègue {marker}"))
    application = complete_draft(organisme)
    application.status, application.number, application.amount_awarded = ApplicationStatus.AWARDED, f"AM-{marker}", Decimal(4000)
    application.need = f"Besoin {marker}"
    application.save()
    StatusChange.objects.create(application=application, to_status=ApplicationStatus.AWARDED, message=f"Bravo {marker}")
    AttachmentFactory(application=application, original_name=f"devis-{marker}.pdf")
    WebinarAttendanceFactory(organisme=organisme, attendee_name=f"Participant {marker}")
    organisme.leaders.create(full_name=f"Leader {marker}", email=f"leader-{marker.lower()}@exemple.org")
    ImpactShare.objects.create(organisme=organisme, application=application, own_label=f"Impact {marker}", value=3)
    ReadLogEntry.objects.create(organisme_id=organisme.pk, reader_kind=ReaderKind.STAFF, kind=ReadKind.APPLICATION,
                                object_id=application.pk, label=f"Lecture {marker}")
    OutboxMessage.objects.create(recipient_email=responsible.email, recipient_user=responsible, template="x",
                                 subject=f"Courriel {marker}")
    declined = ApplicationFactory(organisme=organisme, status=ApplicationStatus.DECLINED, number=f"AM2-{marker}")
    decision = StatusChange.objects.create(application=declined, to_status=ApplicationStatus.DECLINED)
    DecisionReview.objects.create(application=declined, decision=decision, requested_by=responsible, reason=f"Révision {marker}")
    FeedbackLetter.objects.create(application=declined, strengths=f"Forces {marker}", next_steps="Redéposez.",
                                  reviewed_by=responsible, reviewed_at=timezone.now(), sent_at=timezone.now(), pdf="feedback/x.pdf")
    return organisme, responsible


def _request_and_follow_the_link(client, responsible, django_capture_on_commit_callbacks, scope="organisme"):
    client.force_login(responsible)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("privacy:export_request"), {"scope": scope}).status_code == 302
    message = OutboxMessage.objects.filter(recipient_user=responsible, template="privacy_export_ready").latest("pk")
    url = message.context["download_url"].removeprefix("http://127.0.0.1:8000")
    return url


def test_the_zip_holds_every_listed_category_and_nothing_of_another_organisme(
    client, django_capture_on_commit_callbacks
):
    _built_organisme("AUTRUI")
    organisme, responsible = _built_organisme("NOUS")
    client.force_login(responsible)
    held = client.get(reverse("privacy:held"))
    listed = [item["category"].key for item in held.context["person_categories"] + held.context["organisme_categories"]]

    url = _request_and_follow_the_link(client, responsible, django_capture_on_commit_callbacks)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    for key in listed:
        assert any(name.endswith(f"/{key}.json") for name in names), key
        assert any(name.endswith(f"/{key}.csv") for name in names), key
    index = json.loads(archive.read("index.json"))
    assert {entry["file"].split("/", 1)[1] for entry in index} == set(listed)
    # Every organisme category is non-empty for this built organisme.
    assert all(entry["rows"] > 0 for entry in index if entry["file"].startswith("organisme/"))
    everything = "".join(archive.read(name).decode() for name in names)
    for text in ("Mission NOUS", "Besoin NOUS", "Bravo NOUS", "devis-NOUS.pdf", "Participant NOUS", "Leader NOUS",
                 "Impact NOUS", "Lecture NOUS", "Courriel NOUS", "Collègue NOUS", "Révision NOUS", "Forces NOUS"):
        assert text in everything, text
    assert "AUTRUI" not in everything


def test_the_link_works_once_for_its_owner_only_and_expires(client, django_capture_on_commit_callbacks):
    _organisme, responsible = _built_organisme("UNE")
    url = _request_and_follow_the_link(client, responsible, django_capture_on_commit_callbacks, scope="person")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(responsible)
    assert client.get(url).status_code == 200
    again = client.get(url, follow=True)
    assert "Ce lien a déjà servi" in again.content.decode()
    assert not DataExport.objects.get().file  # the file is gone once handed over

    url = _request_and_follow_the_link(client, responsible, django_capture_on_commit_callbacks, scope="person")
    DataExport.objects.filter(downloaded_at__isnull=True).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert "Ce lien a expiré" in client.get(url, follow=True).content.decode()


def test_a_collaborator_gets_only_their_own_data(client, django_capture_on_commit_callbacks):
    organisme, _responsible = _built_organisme("EQUIPE")
    collaborator = MembershipFactory(organisme=organisme, role=MembershipRole.COLLABORATOR).user
    url = _request_and_follow_the_link(client, collaborator, django_capture_on_commit_callbacks)
    names = zipfile.ZipFile(io.BytesIO(client.get(url).content)).namelist()
    assert not [name for name in names if name.startswith("organisme/")]
