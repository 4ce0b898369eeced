"""What follows an award: the agreement text each tier signs (versioned), its payment schedule,
and each awarded application's agreement with the acceptance frozen in it."""

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from dataide.files import UploadedDocument
from dataide.storage import private_storage
from programs.models import MONEY, GrantTier


class AgreementText(models.Model):
    """One version of a tier's agreement text. Versions are never edited: staff publish a new one
    (grants.services.publish_agreement_text), and each agreement names the version it was made of."""

    tier = models.ForeignKey(GrantTier, verbose_name=_("volet"), on_delete=models.PROTECT, related_name="agreement_texts")
    version = models.PositiveSmallIntegerField(_("version"))
    body_fr = models.TextField(_("texte (français)"))
    body_en = models.TextField(_("texte (anglais)"))
    conditions_fr = models.TextField(_("conditions (français)"), blank=True)
    conditions_en = models.TextField(_("conditions (anglais)"), blank=True)
    report_due_months = models.PositiveSmallIntegerField(_("bilan dû (mois après la signature)"), default=12)
    created_at = models.DateTimeField(_("publiée le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("publiée par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("texte de convention")
        verbose_name_plural = _("textes de convention")
        ordering = ["tier", "-version"]
        constraints = [models.UniqueConstraint(fields=["tier", "version"], name="agreement_text_version_unique")]

    def __str__(self):
        return _("%(tier)s, version %(version)s") % {"tier": self.tier, "version": self.version}

    def body(self, language: str) -> str:
        return self.body_en if language == "en" else self.body_fr

    def conditions(self, language: str) -> str:
        return self.conditions_en if language == "en" else self.conditions_fr


class PaymentTrigger(models.TextChoices):
    SIGNATURE = "signature", _("à la signature de la convention")
    REPORT_ACCEPTED = "report_accepted", _("à l'acceptation du bilan")


class PaymentStep(models.Model):
    """One installment of a tier's payment schedule (data, edited in the admin). The schedule is
    copied onto each agreement when it is generated: later edits never change a signed one."""

    tier = models.ForeignKey(GrantTier, verbose_name=_("volet"), on_delete=models.CASCADE, related_name="payment_steps")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    percent = models.DecimalField(_("pourcentage"), max_digits=5, decimal_places=2)
    trigger = models.CharField(_("versé"), max_length=20, choices=PaymentTrigger.choices)

    class Meta:
        verbose_name = _("versement prévu")
        verbose_name_plural = _("calendrier des versements")
        ordering = ["tier", "position"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__gt=0, percent__lte=100), name="payment_step_percent_range"),
        ]

    def __str__(self):
        return f"{self.percent} % {self.get_trigger_display()}"


def agreement_path(agreement, filename):
    return f"agreements/{agreement.application_id}/{filename}"


class SignatureMethod(models.TextChoices):
    ONLINE = "online", _("en ligne")
    PAPER = "paper", _("copie papier déposée par l'équipe")


class Agreement(models.Model):
    """An awarded application's agreement. Generated with the award (its text version and
    payment schedule copied here), rendered once to `pdf`, then accepted: the version and the
    SHA-256 of the exact PDF the signer read are frozen with the acceptance. Signed on paper
    instead, the team files the signed copy (`paper_copy`), whose SHA-256 is the one frozen.
    The team then countersigns (who, when)."""

    application = models.OneToOneField(
        Application, verbose_name=_("demande"), on_delete=models.PROTECT, related_name="agreement"
    )
    text = models.ForeignKey(AgreementText, verbose_name=_("texte"), on_delete=models.PROTECT, related_name="agreements")
    version = models.PositiveSmallIntegerField(_("version du texte"))
    language = models.CharField(_("langue"), max_length=5)
    amount = models.DecimalField(_("montant accordé"), **MONEY)
    schedule = models.JSONField(_("calendrier des versements"), default=list)
    """[{"percent": "80.00", "trigger": "signature", "amount": "8000.00"}, …], copied at generation."""
    report_due_months = models.PositiveSmallIntegerField(_("bilan dû (mois après la signature)"))
    pdf = models.FileField(_("convention (PDF)"), upload_to=agreement_path, storage=private_storage, max_length=200, blank=True)
    generated_at = models.DateTimeField(_("générée le"))
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)

    signed_at = models.DateTimeField(_("signée le"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signée par"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    signature_method = models.CharField(_("signature"), max_length=10, choices=SignatureMethod.choices, blank=True)
    signer_name = models.CharField(_("nom complet du signataire"), max_length=150, blank=True)
    signer_title = models.CharField(_("titre du signataire"), max_length=150, blank=True)
    authority_confirmed = models.BooleanField(_("autorité de signer confirmée"), default=False)
    signed_version = models.PositiveSmallIntegerField(_("version signée"), null=True, blank=True)
    signed_pdf_sha256 = models.CharField(_("empreinte SHA-256 du PDF signé"), max_length=64, blank=True)
    paper_copy = models.FileField(
        _("copie signée sur papier"), upload_to=agreement_path, storage=private_storage, max_length=200, blank=True
    )
    paper_copy_name = models.CharField(_("nom de la copie signée"), max_length=255, blank=True)
    paper_copy_content_type = models.CharField(_("type de la copie signée"), max_length=120, blank=True)
    amendment_notes = models.TextField(
        _("modifications approuvées"), blank=True,
        help_text=_("Une ligne par modification approuvée : la convention signée reste telle quelle, les modifications s'y annexent."),
    )
    countersigned_at = models.DateTimeField(_("contresignée le"), null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("contresignée par"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        ordering = ["-generated_at"]
        constraints = [
            # An acceptance is whole or absent: never a signature without what was signed.
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True)
                | (Q(signed_version__isnull=False) & ~Q(signed_pdf_sha256="") & ~Q(signature_method="")),
                name="agreement_signature_complete",
            ),
            # The team countersigns what the organisme signed, never before.
            models.CheckConstraint(
                condition=Q(countersigned_at__isnull=True) | Q(signed_at__isnull=False, countersigned_by__isnull=False),
                name="agreement_countersigned_after_signature",
            ),
        ]

    def __str__(self):
        return _("Convention %(number)s") % {"number": self.application.number}

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def signed_on_paper(self) -> bool:
        return self.signature_method == SignatureMethod.PAPER


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("virement")
    CHEQUE = "cheque", _("chèque")


class PaymentBatch(models.Model):
    """Payments due, gathered for the accounting system: exported as one CSV, then marked paid in
    one transaction (every line becomes a payment of the ledger)."""

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("créé par"), on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(_("payé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("lot de paiements")
        verbose_name_plural = _("lots de paiements")
        ordering = ["-created_at"]

    def __str__(self):
        return _("Lot %(pk)s") % {"pk": self.pk}


class PaymentBatchLine(models.Model):
    batch = models.ForeignKey(PaymentBatch, verbose_name=_("lot"), on_delete=models.CASCADE, related_name="lines")
    application = models.ForeignKey(Application, verbose_name=_("demande"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("montant"), **MONEY)

    class Meta:
        verbose_name = _("ligne du lot")
        verbose_name_plural = _("lignes du lot")
        ordering = ["batch", "application__number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "application"], name="batch_line_once_per_application"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="batch_line_amount_positive"),
        ]


class Payment(models.Model):
    """One line of the ledger. Never edited nor deleted: a mistake is reversed by a line of the
    opposite amount that names the payment and why (at most one reversal per payment). The total
    paid of an application is the sum of its lines."""

    application = models.ForeignKey(Application, verbose_name=_("demande"), on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("montant"), **MONEY)
    paid_on = models.DateField(_("date du paiement"))
    method = models.CharField(_("mode"), max_length=10, choices=PaymentMethod.choices)
    reference = models.CharField(_("référence"), max_length=100, blank=True)
    reverses = models.OneToOneField(
        "self", verbose_name=_("annule le paiement"), null=True, blank=True, on_delete=models.PROTECT, related_name="reversal"
    )
    reason = models.TextField(_("motif de l'annulation"), blank=True)
    batch = models.ForeignKey(
        PaymentBatch, verbose_name=_("lot"), null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    recorded_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("enregistré par"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("paiement")
        verbose_name_plural = _("paiements")
        ordering = ["application", "recorded_at", "pk"]
        default_permissions = ("add", "view")  # the ledger is never changed nor deleted
        constraints = [
            # A payment is positive; a reversal is negative, names its payment and says why.
            models.CheckConstraint(
                condition=(Q(amount__gt=0) & Q(reverses__isnull=True) & Q(reason=""))
                | (Q(amount__lt=0) & Q(reverses__isnull=False) & ~Q(reason="")),
                name="payment_or_reversal",
            ),
        ]

    def __str__(self):
        return _("Paiement %(pk)s") % {"pk": self.pk}


class ReportQuestion(models.Model):
    """One question of a tier's final report (data, edited in the admin). The report is short on
    purpose: what was done, bought, changed, the difficulties, the budget actually spent."""

    tier = models.ForeignKey(GrantTier, verbose_name=_("volet"), on_delete=models.CASCADE, related_name="report_questions")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    key = models.SlugField(_("clé"), max_length=40)
    label_fr = models.CharField(_("question (français)"), max_length=300)
    label_en = models.CharField(_("question (anglais)"), max_length=300)

    class Meta:
        verbose_name = _("question du bilan")
        verbose_name_plural = _("questions du bilan")
        ordering = ["tier", "position"]
        constraints = [models.UniqueConstraint(fields=["tier", "key"], name="report_question_key_unique")]

    def __str__(self):
        return self.label_fr

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_fr


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Remis")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    ACCEPTED = "accepted", _("Accepté")


class FinalReport(models.Model):
    """The organisme's final report (bilan): its answers to the tier's questions, as a draft until
    submitted, then accepted by staff or sent back with a message.

    Impact measurement is NEVER part of this required report: the voluntary impact section is a
    separate piece (its own model pointing at the application) and must not add a field here."""

    application = models.OneToOneField(
        Application, verbose_name=_("demande"), on_delete=models.PROTECT, related_name="final_report"
    )
    answers = models.JSONField(_("réponses"), default=dict)
    status = models.CharField(_("état"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    submitted_at = models.DateTimeField(_("remis le"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("remis par"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    spent = models.JSONField(_("budget réellement dépensé"), default=list, blank=True)
    """One row per line of the budget in force when saved: [{"category", "description",
    "planned": "2000.00", "spent": "1850.00" or ""}, …]."""
    staff_message = models.TextField(_("message de l'équipe"), blank=True)
    accepted_at = models.DateTimeField(_("accepté le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("bilan")
        verbose_name_plural = _("bilans")
        ordering = ["-updated_at"]

    def __str__(self):
        return _("Bilan %(number)s") % {"number": self.application.number}

    @property
    def editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED)


class ReportReminder(models.Model):
    """A final-report reminder that went out (30 days before, on the due date, 14 days after): the
    unique constraint makes each go out once."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="report_reminders")
    offset_days = models.SmallIntegerField(_("jours après l'échéance"))
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rappel du bilan")
        verbose_name_plural = _("rappels du bilan")
        constraints = [models.UniqueConstraint(fields=["agreement", "offset_days"], name="report_reminder_once")]


def report_attachment_path(attachment, filename):
    # Only the extension of the detected type is kept (applications.uploads.stored_name).
    return f"reports/{attachment.report.application_id}/{uuid.uuid4().hex}{PurePath(filename).suffix}"


class ReportAttachment(UploadedDocument):
    """A document joined to the final report (invoices, photos…), checked like the application's."""

    report = models.ForeignKey(FinalReport, verbose_name=_("bilan"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fichier"), upload_to=report_attachment_path, storage=private_storage, max_length=200)

    class Meta:
        verbose_name = _("document du bilan")
        verbose_name_plural = _("documents du bilan")
        ordering = ["report", "uploaded_at", "pk"]


class AmendmentStatus(models.TextChoices):
    PENDING = "pending", _("À décider")
    APPROVED = "approved", _("Approuvée")
    REFUSED = "refused", _("Refusée")


class Amendment(models.Model):
    """The grantee's request to change the budget lines or the timeline of a signed agreement,
    never above the amount awarded. Approved, it becomes the next version of the budget
    (grants.budgets): the versions before it are never overwritten."""

    application = models.ForeignKey(Application, verbose_name=_("demande"), on_delete=models.PROTECT, related_name="amendments")
    lines = models.JSONField(_("lignes du budget proposé"))
    """[{"category", "description", "amount": "1200.00"}, …]"""
    timeline = models.TextField(_("échéancier proposé"), max_length=1500)
    reason = models.TextField(_("raison de la modification"), max_length=3000)
    status = models.CharField(_("état"), max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.PENDING)
    requested_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("demandée par"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("décidée par"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    decision_reason = models.TextField(_("motif communiqué à l'organisme"), blank=True)
    version = models.PositiveSmallIntegerField(_("version du budget"), null=True, blank=True)

    class Meta:
        verbose_name = _("modification")
        verbose_name_plural = _("modifications")
        ordering = ["application", "requested_at", "pk"]
        constraints = [
            # One request waits at a time: the next one starts from what staff decided.
            models.UniqueConstraint(
                fields=["application"], condition=Q(status="pending"), name="amendment_one_pending_per_application"
            ),
            # Approved ⇔ it made a budget version.
            models.CheckConstraint(
                condition=Q(status="approved", version__isnull=False) | (~Q(status="approved") & Q(version__isnull=True)),
                name="amendment_version_when_approved",
            ),
        ]

    def __str__(self):
        return _("Modification %(pk)s de %(number)s") % {"pk": self.pk, "number": self.application.number}

    @property
    def total(self) -> Decimal:
        return sum((Decimal(line["amount"]) for line in self.lines), Decimal(0))
