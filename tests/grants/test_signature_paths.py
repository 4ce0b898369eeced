"""The two ways an agreement gets signed (online by the responsible person, on paper filed by
the team) lead to the same signature record and the same move; then the team countersigns."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.statuses import ApplicationStatus as S
from dataide.audit.models import AuditEvent
from grants import services
from grants.models import Agreement
from tests.applications.factories import PDF_BYTES, pdf_upload
from tests.factories import OrganismeFactory, StaffUserFactory
from tests.grants.factories import awarded
from tests.helpers import login_staff, pdf_text
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db

SIGNED_COPY = PDF_BYTES + b"% signee a la main\n"


def _paper(agreement, staff=None, **overrides):
    fields = {"uploaded_file": pdf_upload("convention signée.pdf", SIGNED_COPY), "full_name": "Julie Lavoie", "title": "Directrice"}
    return services.record_paper_signature(actor=staff or StaffUserFactory(), agreement=agreement, **{**fields, **overrides})


def _stored_files() -> set[Path]:
    root = Path(settings.PRIVATE_STORAGE_ROOT) / "agreements"
    return set(root.rglob("*")) if root.exists() else set()


def _downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_paper_copy_filed_by_staff_is_the_signature(client):
    organisme = OrganismeFactory()
    application = awarded(organisme)
    staff = StaffUserFactory()
    login_staff(client, staff)

    response = client.post(reverse("admin:grants_agreement_paper", args=[application.agreement.pk]), {
        "file": pdf_upload("convention signée.pdf", SIGNED_COPY), "full_name": "Julie Lavoie", "title": "Directrice",
    })

    assert response.status_code == 302
    agreement = Agreement.objects.get(application=application)
    assert agreement.signature_method == "paper" and agreement.signed_by == staff
    assert agreement.signed_pdf_sha256 == hashlib.sha256(SIGNED_COPY).hexdigest()
    assert agreement.paper_copy_name == "convention signée.pdf"
    application.refresh_from_db()
    assert application.status == S.AGREEMENT
    event = AuditEvent.objects.for_object(agreement).get(action="agreement.signed")
    assert event.data["method"] == "paper"
    # The organisme and staff download the very copy filed.
    assert _downloaded(client.get(reverse("admin:grants_agreement_signed", args=[agreement.pk]))) == SIGNED_COPY
    client.force_login(member_of(organisme))
    page = client.get(reverse("grants:agreement", args=[application.pk])).content.decode()
    assert "Signée sur papier" in page
    assert _downloaded(client.get(reverse("grants:agreement_signed", args=[application.pk]))) == SIGNED_COPY


@pytest.mark.parametrize("upload, code", [
    (SimpleUploadedFile("convention.pdf", b"MZ\x90\x00 not a pdf at all"), "file_type"),
    (SimpleUploadedFile("convention.pdf", b""), "file_empty"),
])
def test_a_refused_paper_copy_stores_nothing(upload, code):
    application = awarded()
    before = _stored_files()
    with pytest.raises(ValidationError) as refused:
        _paper(application.agreement, uploaded_file=upload)
    assert refused.value.error_dict["file"][0].code == code
    agreement = Agreement.objects.get(application=application)
    assert not agreement.is_signed and not agreement.paper_copy
    assert _stored_files() == before


def test_a_paper_copy_needs_the_signers_name_and_title_and_is_filed_once():
    application = awarded()
    with pytest.raises(ValidationError) as refused:
        _paper(application.agreement, full_name=" ", title="")
    assert set(refused.value.error_dict) == {"full_name", "title"}
    _paper(application.agreement)
    before = _stored_files()
    with pytest.raises(ValidationError, match="déjà signée"):
        _paper(Agreement.objects.get(application=application))
    # The refused second filing stored nothing, and the copy filed first is still there.
    assert _stored_files() == before
    agreement = Agreement.objects.get(application=application)
    assert agreement.paper_copy.storage.exists(agreement.paper_copy.name)


def test_the_organisme_cannot_file_a_paper_copy():
    organisme = OrganismeFactory()
    application = awarded(organisme)
    with pytest.raises(PermissionDenied):
        _paper(application.agreement, staff=member_of(organisme))


def test_staff_countersign_what_the_organisme_signed(client):
    organisme = OrganismeFactory()
    application = awarded(organisme)
    with pytest.raises(ValidationError, match="n'a pas encore signé"):
        services.countersign_agreement(actor=StaffUserFactory(), agreement=application.agreement)
    agreement = services.sign_agreement(
        actor=member_of(organisme), agreement=application.agreement, full_name="Julie Lavoie", title="Directrice",
        authority_confirmed=True,
    )
    staff = StaffUserFactory(full_name="Marc Tremblay")
    login_staff(client, staff)
    change_page = client.get(reverse("admin:grants_agreement_change", args=[agreement.pk])).content.decode()
    assert reverse("admin:grants_agreement_countersign", args=[agreement.pk]) in change_page

    assert client.post(reverse("admin:grants_agreement_countersign", args=[agreement.pk])).status_code == 302

    agreement.refresh_from_db()
    assert agreement.countersigned_by == staff and agreement.countersigned_at is not None
    event = AuditEvent.objects.for_object(agreement).get(action="agreement.countersigned")
    assert event.data["sha256"] == agreement.signed_pdf_sha256
    with pytest.raises(ValidationError, match="déjà contresignée"):
        services.countersign_agreement(actor=staff, agreement=agreement)
    client.force_login(member_of(organisme))
    page = client.get(reverse("grants:agreement", args=[application.pk])).content.decode()
    assert "Contresignée pour Centraide par Marc Tremblay" in page
    signed = _downloaded(client.get(reverse("grants:agreement_signed", args=[application.pk])))
    assert hashlib.sha256(signed).hexdigest() == agreement.signed_pdf_sha256


def test_the_organisme_cannot_countersign():
    organisme = OrganismeFactory()
    application = awarded(organisme)
    agreement = services.sign_agreement(
        actor=member_of(organisme), agreement=application.agreement, full_name="Julie Lavoie", title="Directrice",
        authority_confirmed=True,
    )
    with pytest.raises(PermissionDenied):
        services.countersign_agreement(actor=member_of(organisme), agreement=agreement)


def test_the_signed_copy_is_not_there_before_signature_nor_for_another_organisme(client):
    organisme = OrganismeFactory()
    application = awarded(organisme)
    client.force_login(member_of(organisme))
    assert client.get(reverse("grants:agreement_signed", args=[application.pk])).status_code == 404
    _paper(application.agreement)
    client.force_login(member_of(OrganismeFactory()))
    assert client.get(reverse("grants:agreement_signed", args=[application.pk])).status_code == 404


@pytest.mark.parametrize("language, expected", [
    ("fr-ca", ["Grant agreement", "Translation provided for information", "in French", "The organisme uses the grant", "$4,000", "version 1"]),
    ("en", ["Convention de bourse", "Traduction fournie pour information", "en anglais", "utilise la bourse", "4 000 $", "version 1"]),
])
def test_the_agreement_in_the_other_language_on_request_says_which_one_is_signed(client, language, expected):
    organisme = OrganismeFactory(preferred_language=language, legal_name="Maison des familles de Verdun")
    application = awarded(organisme)
    services.publish_agreement_text(actor=StaffUserFactory(), tier=application.tier, body_fr="Texte v2", body_en="Text v2")
    client.force_login(member_of(organisme))
    page = client.get(reverse("grants:agreement", args=[application.pk])).content.decode()
    assert reverse("grants:agreement_translation_pdf", args=[application.pk]) in page

    response = client.get(reverse("grants:agreement_translation_pdf", args=[application.pk]))

    text = pdf_text(response.content)
    assert "Maison des familles de Verdun" in text
    assert all(part in text for part in expected), text
    assert "v2" not in text  # the same text version as the agreement, not the newest
    # The signed version stays the one stored in the organisme's language.
    assert "Traduction" not in pdf_text(services.agreement_pdf(Agreement.objects.get(application=application)))
