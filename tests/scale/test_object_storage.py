"""Private files on a real S3 server (SeaweedFS): stored in the bucket, served only after the
access check (streamed, or through a short-lived signed URL), deleted with their record, and a
refused upload leaves nothing in the bucket."""

import urllib.error
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Attachment
from tests.applications.factories import PDF_BYTES, complete_draft, eligible_organisme, pdf_upload
from tests.applications.pages import page
from tests.organismes.factories import member_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_on_s3")]


@pytest.fixture
def draft(client):
    organisme = eligible_organisme()
    client.force_login(member_of(organisme))
    return complete_draft(organisme)


def _upload(client, application, uploaded):
    return client.post(reverse("applications:step", args=[application.pk, "documents"]), {"action": "upload", "file": uploaded})


def _download(client, attachment):
    return client.get(reverse("applications:attachment", args=[attachment.application_id, attachment.pk]))


def test_an_attachment_goes_to_the_bucket_and_streams_back_through_the_view(client, draft, s3, s3_prefix):
    assert _upload(client, draft, pdf_upload("devis.pdf")).status_code == 302
    attachment = Attachment.objects.get(application=draft)
    assert s3.keys(s3_prefix) == [f"{s3_prefix}/{attachment.file.name}"]
    download = _download(client, attachment)
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_the_bucket_refuses_unsigned_reads(client, draft, s3, s3_prefix):
    _upload(client, draft, pdf_upload())
    (key,) = s3.keys(s3_prefix)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3.endpoint}/dataide-test/{key}", timeout=5)
    assert refused.value.code == 403


def test_signed_urls_are_given_only_after_the_access_check_and_expire_quickly(client, draft, settings):
    settings.PRIVATE_DOWNLOAD_URL_SECONDS = 30
    _upload(client, draft, pdf_upload("devis.pdf"))
    attachment = Attachment.objects.get(application=draft)
    redirect = _download(client, attachment)
    assert redirect.status_code == 302
    assert "X-Amz-Expires=30" in redirect["Location"] and "X-Amz-Signature=" in redirect["Location"]
    with urllib.request.urlopen(redirect["Location"], timeout=5) as served:
        assert served.read() == PDF_BYTES
        assert served.headers["Content-Disposition"].startswith("attachment;")

    client.force_login(member_of(eligible_organisme()))
    assert _download(client, attachment).status_code == 404


def test_another_organisme_gets_nothing(client, draft):
    _upload(client, draft, pdf_upload())
    attachment = Attachment.objects.get(application=draft)
    client.force_login(member_of(eligible_organisme()))
    assert _download(client, attachment).status_code == 404


def test_removing_an_attachment_deletes_the_object(client, draft, s3, s3_prefix, django_capture_on_commit_callbacks):
    _upload(client, draft, pdf_upload())
    attachment = Attachment.objects.get(application=draft)
    assert len(s3.keys(s3_prefix)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:remove_attachment", args=[draft.pk, attachment.pk]))
    assert s3.keys(s3_prefix) == []
    assert _download(client, attachment).status_code == 404


def test_a_missing_object_is_a_404_not_a_500(client, draft, s3, s3_prefix):
    _upload(client, draft, pdf_upload())
    attachment = Attachment.objects.get(application=draft)
    s3.client().delete_object(Bucket="dataide-test", Key=f"{s3_prefix}/{attachment.file.name}")
    assert _download(client, attachment).status_code == 404


def test_a_disguised_file_is_refused_and_nothing_reaches_the_bucket(client, draft, s3, s3_prefix):
    executable = SimpleUploadedFile("programme.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="application/pdf")
    response = _upload(client, draft, executable)
    assert response.status_code == 200 and "Ce type de fichier n'est pas accepté." in page(response)
    assert not Attachment.objects.exists()
    assert s3.keys(s3_prefix) == []
