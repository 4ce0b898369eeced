"""Factories and helpers of the applications app. Gates are opened the real way, through the
trainings factories (a webinar attendance, a completed training)."""

from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.models import (
    Application,
    ApplicationStatus,
    Attachment,
    BudgetCategory,
    BudgetLine,
)
from tests.factories import ApplicationFactory, OrganismeFactory, tier
from tests.trainings.factories import (
    CohortEnrolmentFactory,
    LabEnrolmentFactory,
    LeaderFactory,
    WebinarAttendanceFactory,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def open_gate(organisme, code="amorcage"):
    """Make the tier's gate open for `organisme` by recording what opens it."""
    if code == "amorcage":
        WebinarAttendanceFactory(organisme=organisme)
    elif code == "acceleration":
        CohortEnrolmentFactory(organisme=organisme, selected_at=timezone.now(), completed_at=timezone.now())
    else:
        LabEnrolmentFactory(
            leader=LeaderFactory(organisme=organisme), selected_at=timezone.now(), completed_at=timezone.now()
        )


def eligible_organisme(code="amorcage"):
    organisme = OrganismeFactory()
    open_gate(organisme, code)
    return organisme


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    application = factory.SubFactory(ApplicationFactory)
    category = BudgetCategory.EQUIPMENT
    description = "Deux ordinateurs portables"
    amount = Decimal("4000")


def complete_draft(organisme, code="amorcage", **fields) -> Application:
    """A draft with every answer its tier asks, ready to submit."""
    fields.setdefault("status", ApplicationStatus.DRAFT)
    fields.setdefault("public_summary", "Deux portables pour l'équipe d'accueil.")
    application = ApplicationFactory(
        organisme=organisme, tier=tier(code), amount_requested=Decimal("4000"),
        need="Nos ordinateurs ont dix ans.", project_summary="Acheter deux portables.",
        expected_results="Des inscriptions en ligne.", timeline="Printemps 2027.",
        data_governance="Chiffrement des postes.", sustainability="Budget annuel de remplacement.",
        network_scope="Un outil partagé par dix organismes.", **fields,
    )
    BudgetLineFactory(application=application)
    if code == "innovation":
        application.partners.create(name="Table de quartier", role="Coordonne le déploiement")
    return application


def pdf_upload(name="soumission.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    application = factory.SubFactory(ApplicationFactory)
    file = factory.django.FileField(filename="devis.pdf", data=PDF_BYTES)
    original_name = "devis.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)

