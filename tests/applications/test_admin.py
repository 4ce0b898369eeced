import pytest
from django.urls import reverse

from tests.applications.factories import (
    PDF_BYTES,
    AttachmentFactory,
    complete_draft,
    eligible_organisme,
)
from tests.factories import StaffUserFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def test_staff_read_the_answers_the_eligibility_and_download_documents(client):
    application = complete_draft(eligible_organisme())
    attachment = AttachmentFactory(application=application, original_name="devis-ordinateurs.pdf")
    login_staff(client, StaffUserFactory())
    html = client.get(reverse("admin:applications_application_change", args=[application.pk])).content.decode()
    assert "Vous avez assisté au webinaire du" in html
    assert "Nos ordinateurs ont dix ans." in html and "devis-ordinateurs.pdf" in html
    url = reverse("admin:applications_application_attachment", args=[application.pk, attachment.pk])
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert client.get(reverse("admin:applications_application_attachment", args=[application.pk + 1, attachment.pk])).status_code == 404


def test_applicants_cannot_use_the_staff_download(client):
    attachment = AttachmentFactory()
    client.force_login(UserFactory())
    response = client.get(reverse("admin:applications_application_attachment", args=[attachment.application_id, attachment.pk]))
    assert response.status_code == 302 and "login" in response.url
