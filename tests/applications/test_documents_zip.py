"""All the documents of an application in one ZIP from its admin page: the files as uploaded,
under deterministic names; refused (404) to regional staff of another region; in the trail and
in the read log like single downloads."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from applications.models import ApplicationStatus as S
from dataide.audit.models import AuditEvent
from dataide.privacy.models import ReadKind, ReadLogEntry
from tests.applications.factories import PDF_BYTES, AttachmentFactory
from tests.factories import StaffUserFactory
from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, MONTREAL, regional_staff, signed_in_team, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    application = submitted_application("AMO-2026-0777", region_code=MONTREAL, status=S.IN_REVIEW)
    AttachmentFactory(application=application, original_name="devis.pdf")
    # Same name twice, and a name with a path and odd characters: each stays a distinct entry.
    AttachmentFactory(application=application, original_name="devis.pdf",
                      file=ContentFile(b"%PDF-1.4 second", name="x.pdf"))
    AttachmentFactory(application=application, original_name="..\\lettre d'appui: CDC*.pdf",
                      file=ContentFile(b"%PDF-1.4 lettre", name="y.pdf"))
    return application


def zip_url(application):
    return reverse("admin:applications_application_documents_zip", args=[application.pk])


def download(client, application):
    response = client.get(zip_url(application))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="documents-AMO-2026-0777.zip"' in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def test_the_zip_holds_every_document_under_deterministic_names(client, application):
    signed_in_team(client)
    page = client.get(reverse("admin:applications_application_change", args=[application.pk])).content.decode()
    assert zip_url(application) in page
    content = download(client, application)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.namelist() == ["01-devis.pdf", "02-devis.pdf", "03-lettre d_appui_ CDC_.pdf"]
        assert archive.read("01-devis.pdf") == PDF_BYTES
        assert archive.read("02-devis.pdf") == b"%PDF-1.4 second"
        assert archive.testzip() is None
    # The same documents give the same bytes (entries dated by their upload).
    assert download(client, application) == content


def test_the_download_is_audited_and_read_logged(client, application):
    team = StaffUserFactory()
    download(login_staff(client, team), application)
    event = AuditEvent.objects.get(action="application.documents_downloaded")
    assert event.actor == team and event.target_id == str(application.pk)
    assert event.data == {"count": 3, "names": ["devis.pdf", "devis.pdf", "..\\lettre d'appui: CDC*.pdf"]}
    reads = ReadLogEntry.objects.filter(reader=team, kind=ReadKind.ATTACHMENT, organisme_id=application.organisme_id)
    assert sorted(reads.values_list("object_id", flat=True)) == sorted(application.attachments.values_list("pk", flat=True))


def test_regional_staff_of_another_region_get_404_and_leave_no_trace(client, application):
    login_staff(client, regional_staff(ESTRIE))
    assert client.get(zip_url(application)).status_code == 404
    assert not AuditEvent.objects.filter(action="application.documents_downloaded").exists()
    assert not ReadLogEntry.objects.exists()


def test_regional_staff_of_the_region_download_it(client, application):
    login_staff(client, regional_staff(MONTREAL))
    with zipfile.ZipFile(io.BytesIO(download(client, application))) as archive:
        assert len(archive.namelist()) == 3


def test_no_link_without_documents(client):
    bare = submitted_application("AMO-2026-0778")
    signed_in_team(client)
    page = client.get(reverse("admin:applications_application_change", args=[bare.pk])).content.decode()
    assert zip_url(bare) not in page
