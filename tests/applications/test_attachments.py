"""Files are judged by their content, stored privately under random names, served only through
the access-checked view, and a rejected file leaves nothing behind."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Attachment
from applications.uploads import MAX_ATTACHMENT_SIZE
from tests.applications.factories import (
    PDF_BYTES,
    AttachmentFactory,
    complete_draft,
    eligible_organisme,
    pdf_upload,
)
from tests.applications.pages import page
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    # A fixed timestamp: the same bytes on every run, so the test ids built from them are stable.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as container:
        for name, content in entries:
            container.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()


DOCX_BYTES = _zip([
    ("[Content_Types].xml", b'<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    ("word/document.xml", b"<document/>"),
])
ODS_BYTES = _zip([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", b"<c/>")])


def _private_files() -> set[Path]:
    root = Path(settings.PRIVATE_STORAGE_ROOT) / "attachments"
    return set(root.glob("*")) if root.exists() else set()


@pytest.fixture
def draft(client):
    organisme = eligible_organisme()
    client.force_login(member_of(organisme))
    return complete_draft(organisme)


def _upload(client, application, uploaded):
    return client.post(reverse("applications:step", args=[application.pk, "documents"]), {"action": "upload", "file": uploaded})


@pytest.mark.parametrize("name,content,mime", [
    ("devis.pdf", PDF_BYTES, "application/pdf"),
    ("photo.PNG", PNG_BYTES, "image/png"),
    ("photo.jpeg", JPEG_BYTES, "image/jpeg"),
    ("plan.docx", DOCX_BYTES, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("budget.ods", ODS_BYTES, "application/vnd.oasis.opendocument.spreadsheet"),
])
def test_accepted_types_are_stored_privately_and_downloaded_as_attachments(client, draft, name, content, mime):
    response = _upload(client, draft, SimpleUploadedFile(name, content, content_type="application/octet-stream"))
    assert response.status_code == 302
    attachment = Attachment.objects.get(application=draft)
    assert attachment.content_type == mime and attachment.original_name == name
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(Path(settings.PRIVATE_STORAGE_ROOT))
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT)) and not stored.is_relative_to(Path(settings.STATIC_ROOT))
    assert Path(name).stem not in stored.name  # random name
    download = client.get(reverse("applications:attachment", args=[draft.pk, attachment.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize("name,content", [
    ("programme.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),  # a Windows executable renamed
    ("archive.docx", _zip([("notes.txt", b"rien"), ("autre.txt", b"rien")])),  # a plain zip renamed
    ("faux.docx", _zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<d/>")])),  # no Word main part
    ("faux.odt", _zip([("mimetype", b"application/vnd.oasis.opendocument.text"), ("x", b"y")])[:60]),  # truncated
    ("page.png", b"<html><script>alert(1)</script></html>"),
    ("film.pdf", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100),  # an MP4
])
def test_disguised_or_wrong_types_are_refused_and_nothing_is_stored(client, draft, name, content):
    before = _private_files()
    response = _upload(client, draft, SimpleUploadedFile(name, content, content_type="application/pdf"))
    assert response.status_code == 200
    assert "Ce type de fichier n'est pas accepté." in page(response)
    assert not Attachment.objects.exists()
    assert _private_files() == before


def test_oversize_file_is_refused_and_nothing_is_stored(client, draft):
    before = _private_files()
    big = SimpleUploadedFile("gros.pdf", PDF_BYTES + b"0" * MAX_ATTACHMENT_SIZE, content_type="application/pdf")
    html = page(_upload(client, draft, big)).replace("\u00a0", " ")
    assert "Ce fichier dépasse la limite de 10 Mo par fichier (il pèse 10,1 Mo)." in html
    assert not Attachment.objects.exists() and _private_files() == before


def test_exactly_10_mb_is_accepted_and_one_byte_more_is_refused(client, draft):
    """The limit on both sides: 10 Mo is allowed, 10 Mo and one byte is not."""
    exactly = PDF_BYTES + b"0" * (MAX_ATTACHMENT_SIZE - len(PDF_BYTES))
    assert len(exactly) == MAX_ATTACHMENT_SIZE
    response = _upload(client, draft, SimpleUploadedFile("limite.pdf", exactly, content_type="application/pdf"))
    assert response.status_code == 302
    attachment = draft.attachments.get()
    assert attachment.size == MAX_ATTACHMENT_SIZE and attachment.file.size == MAX_ATTACHMENT_SIZE

    before = _private_files()
    over = SimpleUploadedFile("limite-plus-un.pdf", exactly + b"0", content_type="application/pdf")
    html = page(_upload(client, draft, over)).replace("\u00a0", " ")
    assert "Ce fichier dépasse la limite de 10 Mo par fichier (il pèse 10,1 Mo)." in html
    assert draft.attachments.count() == 1 and _private_files() == before


def test_at_most_ten_files(client, draft):
    for index in range(10):
        assert _upload(client, draft, pdf_upload(f"devis-{index}.pdf")).status_code == 302
    before = _private_files()
    html = page(_upload(client, draft, pdf_upload("onzieme.pdf")))
    assert "Une demande peut compter au plus 10 documents" in html
    assert draft.attachments.count() == 10 and _private_files() == before


def test_removing_a_file_deletes_it(client, draft, django_capture_on_commit_callbacks):
    _upload(client, draft, pdf_upload())
    attachment = draft.attachments.get()
    path = Path(attachment.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:remove_attachment", args=[draft.pk, attachment.pk]))
    assert not draft.attachments.exists() and not path.exists()


def test_files_of_another_application_are_not_served_under_mine(client, draft):
    other = AttachmentFactory()
    assert client.get(reverse("applications:attachment", args=[draft.pk, other.pk])).status_code == 404
