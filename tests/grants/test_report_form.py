"""The final report uses the application form's machinery: steps saved as drafts (by their
buttons without JavaScript, by autosave with it), the budget actually spent per line of the
budget in force, documents checked like the application's, and a review page that submits."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dataide.audit.models import AuditEvent
from grants import services
from grants.models import FinalReport, ReportAttachment, ReportStatus
from organismes.models import MembershipRole
from tests.applications.factories import BudgetLineFactory, pdf_upload
from tests.factories import OrganismeFactory, StaffUserFactory
from tests.grants.factories import awarded
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db

ANSWERS = {"realisations": "Un inventaire.", "achats": "Un portable.", "changements": "Moins de saisie.", "difficultes": "Le temps."}


def _signed_with_budget(organisme):
    application = awarded(organisme)
    BudgetLineFactory(application=application, description="Portable", amount=Decimal("2500"), position=0)
    BudgetLineFactory(application=application, category="training", description="Formation", amount=Decimal("1500"), position=1)
    services.sign_agreement(
        actor=member_of(organisme), agreement=application.agreement, full_name="Julie Lavoie", title="Directrice",
        authority_confirmed=True,
    )
    application.refresh_from_db()
    return application


def _text(response) -> str:
    return response.content.decode().replace("\u202f", " ").replace("\xa0", " ")


def _step(application, slug):
    return reverse("grants:report_step", args=[application.pk, slug])


@pytest.fixture
def signed_in(client):
    organisme = OrganismeFactory()
    application = _signed_with_budget(organisme)
    client.force_login(member_of(organisme))
    return client, application


def test_the_steps_without_javascript_then_the_review_submits(signed_in):
    client, application = signed_in
    response = client.post(_step(application, "projet"), {**ANSWERS, "action": "next"})
    assert response.url == _step(application, "depenses")
    page = _text(client.get(_step(application, "depenses")))
    assert "Portable (prévu : 2 500 $)" in page and "data-autosave-url=" in page
    response = client.post(_step(application, "depenses"), {"depense_0": "2 412,50", "depense_1": "0", "action": "next"})
    assert response.url == _step(application, "documents")
    client.post(_step(application, "documents"), {"file": pdf_upload("facture.pdf"), "action": "upload"})

    review = _text(client.get(reverse("grants:report", args=[application.pk])))
    assert "2 412,50 $" in review and "facture.pdf" in review and "Avant de remettre" not in review
    client.post(reverse("grants:report", args=[application.pk]), {"submit": ""})

    report = FinalReport.objects.get(application=application)
    assert report.status == ReportStatus.SUBMITTED
    assert [(row["description"], row["planned"], row["spent"]) for row in report.spent] == [
        ("Portable", "2500.00", "2412.50"), ("Formation", "1500.00", "0.00"),
    ]
    assert report.attachments.get().original_name == "facture.pdf"
    # Submitted: the steps are closed.
    assert client.get(_step(application, "projet")).url == reverse("grants:report", args=[application.pk])


def test_submission_needs_the_spending_of_every_line(signed_in):
    client, application = signed_in
    client.post(_step(application, "projet"), {**ANSWERS, "action": "save"})
    client.post(_step(application, "depenses"), {"depense_0": "2500", "depense_1": "", "action": "save"})
    response = client.post(reverse("grants:report", args=[application.pk]), {"submit": ""}, follow=True)
    assert "Indiquez le montant réellement dépensé pour chaque ligne du budget (0 $ si rien)." in response.content.decode()
    assert FinalReport.objects.get(application=application).status == ReportStatus.DRAFT


def test_a_spending_below_zero_is_refused_with_its_message():
    organisme = OrganismeFactory()
    application = _signed_with_budget(organisme)
    with pytest.raises(ValidationError, match="0 \\$ ou plus, au cent près"):
        services.save_report(actor=member_of(organisme), application=application, spent={0: Decimal("-1")})


def test_an_invalid_amount_keeps_the_valid_ones_and_says_which(signed_in):
    client, application = signed_in
    response = client.post(_step(application, "depenses"), {"depense_0": "beaucoup", "depense_1": "1 200", "action": "save"})
    assert response.status_code == 200
    assert "Écrivez un montant en dollars" in response.content.decode()
    assert [row["spent"] for row in FinalReport.objects.get(application=application).spent] == ["", "1200.00"]


def test_autosave_saves_as_people_type_and_stops_once_submitted(signed_in):
    client, application = signed_in
    url = reverse("grants:report_autosave", args=[application.pk, "projet"])
    response = client.post(url, {"realisations": "Tapé sans cliquer"})
    assert response.json()["saved"] is True and "Brouillon enregistré à" in response.json()["message"]
    report = FinalReport.objects.get(application=application)
    assert report.answers["realisations"] == "Tapé sans cliquer"
    assert AuditEvent.objects.for_object(report).filter(action="final_report.saved").exists()
    FinalReport.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED, submitted_at=timezone.now())
    refused = client.post(url, {"realisations": "Trop tard"})
    assert refused.status_code == 409 and "ne peut plus être modifié" in refused.json()["problems"][0]
    assert client.post(reverse("grants:report_autosave", args=[application.pk, "documents"])).status_code == 400


def _report_files() -> set[Path]:
    root = Path(settings.PRIVATE_STORAGE_ROOT) / "reports"
    return set(root.rglob("*")) if root.exists() else set()


def test_a_refused_document_stores_nothing_and_a_kept_one_is_downloaded_then_removed(signed_in):
    client, application = signed_in
    before = _report_files()
    response = client.post(_step(application, "documents"), {
        "file": SimpleUploadedFile("facture.pdf", b"MZ\x90\x00 un programme"), "action": "upload",
    })
    assert "Ce type de fichier n&#x27;est pas accepté." in response.content.decode()
    assert not ReportAttachment.objects.exists() and _report_files() == before

    client.post(_step(application, "documents"), {"file": pdf_upload("facture.pdf"), "action": "upload"})
    attachment = ReportAttachment.objects.get()
    download = client.get(reverse("grants:report_attachment", args=[application.pk, attachment.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.post(reverse("grants:report_attachment_remove", args=[application.pk, attachment.pk]))
    assert not ReportAttachment.objects.exists()
    assert AuditEvent.objects.filter(action="final_report.attachment_removed").exists()


def test_documents_of_the_report_are_the_organismes_own(client):
    organisme = OrganismeFactory()
    application = _signed_with_budget(organisme)
    attachment = services.add_report_attachment(actor=member_of(organisme), application=application, uploaded_file=pdf_upload())
    stranger = member_of(OrganismeFactory())
    client.force_login(stranger)
    assert client.get(reverse("grants:report_attachment", args=[application.pk, attachment.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.add_report_attachment(actor=stranger, application=application, uploaded_file=pdf_upload())
    with pytest.raises(PermissionDenied):
        services.remove_report_attachment(actor=StaffUserFactory(), application=application, attachment=attachment)


def test_a_collaborator_prepares_the_steps_but_the_review_does_not_submit_for_them(client):
    organisme = OrganismeFactory()
    application = _signed_with_budget(organisme)
    client.force_login(member_of(organisme, role=MembershipRole.COLLABORATOR))
    client.post(_step(application, "projet"), {**ANSWERS, "action": "save"})
    page = client.get(reverse("grants:report", args=[application.pk])).content.decode()
    assert "Seule la personne responsable de l'organisme peut remettre le bilan" in page
    client.post(reverse("grants:report", args=[application.pk]), {"submit": ""})
    assert FinalReport.objects.get(application=application).status == ReportStatus.DRAFT


def test_staff_read_the_spending_and_download_the_documents_in_the_admin(client):
    from tests.helpers import login_staff

    organisme = OrganismeFactory()
    application = _signed_with_budget(organisme)
    member = member_of(organisme)
    services.save_report(actor=member, application=application, spent={0: Decimal("2400"), 1: Decimal("0")})
    attachment = services.add_report_attachment(actor=member, application=application, uploaded_file=pdf_upload("facture.pdf"))
    login_staff(client, StaffUserFactory())
    report = FinalReport.objects.get(application=application)
    page = _text(client.get(reverse("admin:grants_finalreport_change", args=[report.pk])))
    assert "Portable : 2 400 $ (prévu : 2 500 $)" in page and "facture.pdf" in page
    download = client.get(reverse("admin:grants_finalreport_document", args=[report.pk, attachment.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
