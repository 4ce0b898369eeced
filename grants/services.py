"""Changes after the award: the agreement text, the agreement itself and its acceptance.

Every service takes the actor and checks its permission first (applications.permissions: staff
permissions row-limited to their regions, organisme roles), locks what it reads then writes, and
records its audit event in the same transaction.
"""

import calendar
import hashlib
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Sum
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Application, BudgetCategory
from applications.permissions import require
from applications.statuses import ApplicationStatus as S
from applications.statuses import Permission
from applications.transitions import move_to
from applications.uploads import MAX_ATTACHMENTS, check_upload, display_name, stored_name
from dataide.audit.events import AuditEventType as T
from dataide.audit.services import record_event
from dataide.documents import render_pdf
from dataide.formatting import format_money
from dataide.i18n import absolute_url
from dataide.languages import Language
from dataide.storage import private_storage
from organismes.services import notify_members

from .budgets import BudgetVersion, budget_versions, stored_lines
from .models import (
    Agreement,
    AgreementText,
    Amendment,
    AmendmentStatus,
    FinalReport,
    Payment,
    PaymentBatch,
    PaymentBatchLine,
    PaymentMethod,
    PaymentStep,
    PaymentTrigger,
    ReportAttachment,
    ReportQuestion,
    ReportReminder,
    ReportStatus,
    SignatureMethod,
)

PUBLISH_TEXT_PERMISSION = "grants.add_agreementtext"
AUTHORITY_LABEL = "J'ai l'autorité de signer au nom de l'organisme"


# --- The agreement text (staff, in the admin) ---------------------------------------------------


def publish_agreement_text(
    *, actor, tier, body_fr: str, body_en: str, conditions_fr: str = "", conditions_en: str = "",
    report_due_months: int = 12,
) -> AgreementText:
    """A new version of the tier's agreement text; agreements already generated keep theirs."""
    if actor is None or not actor.has_perm(PUBLISH_TEXT_PERMISSION):
        raise PermissionDenied
    body_fr, body_en = (body_fr or "").strip(), (body_en or "").strip()
    if not body_fr or not body_en:
        raise ValidationError(_("Le texte de la convention est requis en français et en anglais."), code="body_required")
    with transaction.atomic():
        type(tier).objects.select_for_update().get(pk=tier.pk)  # two publications never share a number
        version = (AgreementText.objects.filter(tier=tier).aggregate(last=Max("version"))["last"] or 0) + 1
        text = AgreementText.objects.create(
            tier=tier, version=version, body_fr=body_fr, body_en=body_en, conditions_fr=(conditions_fr or "").strip(),
            conditions_en=(conditions_en or "").strip(), report_due_months=report_due_months, created_by=actor,
        )
        record_event(actor=actor, action=T.AGREEMENT_TEXT_PUBLISHED, target=text, tier=tier.code, version=version)
    return text


def current_text(tier) -> AgreementText:
    text = AgreementText.objects.filter(tier=tier).order_by("-version").first()
    if text is None:
        raise ValidationError(
            _("Le volet %(tier)s n'a pas encore de texte de convention.") % {"tier": tier}, code="no_agreement_text"
        )
    return text


def schedule_for(tier, amount: Decimal) -> list[dict]:
    """The tier's schedule as amounts; when it adds up to 100 % the last installment takes the
    rounding cents, so the installments add up to the amount awarded exactly."""
    steps = list(PaymentStep.objects.filter(tier=tier).order_by("position", "pk"))
    shares = [(amount * step.percent / 100).quantize(Decimal("0.01"), ROUND_HALF_UP) for step in steps]
    if steps and sum(step.percent for step in steps) == 100:
        shares[-1] += amount - sum(shares)
    return [
        {"percent": str(step.percent), "trigger": step.trigger, "amount": str(share)}
        for step, share in zip(steps, shares, strict=True)
    ]


# --- The agreement --------------------------------------------------------------------------------


def create_agreement(application: Application, *, actor) -> Agreement:
    """The agreement of an award, made in the award's transaction (applications' award hook):
    the tier's current text and payment schedule are copied onto it. An award cancelled then
    given again replaces the unsigned agreement."""
    require(actor, Permission.DECIDE, application)
    with transaction.atomic():
        application = Application.objects.select_for_update(of=("self",)).select_related("organisme", "tier").get(
            pk=application.pk
        )
        if application.status != S.AWARDED:
            raise ValidationError(_("Seule une bourse accordée a une convention."), code="not_awarded")
        text = current_text(application.tier)
        fields = {
            "text": text, "version": text.version, "language": application.organisme.preferred_language,
            "amount": application.amount_awarded, "schedule": schedule_for(application.tier, application.amount_awarded),
            "report_due_months": text.report_due_months, "generated_at": timezone.now(), "reminder_sent_at": None,
        }
        agreement = Agreement.objects.select_for_update().filter(application=application).first()
        if agreement is not None and agreement.is_signed:
            raise ValidationError(_("La convention de cette demande est déjà signée."), code="already_signed")
        if agreement is None:
            agreement = Agreement.objects.create(application=application, **fields)
        else:
            for name, value in fields.items():
                setattr(agreement, name, value)
            agreement.pdf = ""
            agreement.save(update_fields=[*fields, "pdf"])
        record_event(
            actor=actor, action=T.AGREEMENT_GENERATED, target=agreement, application=application.pk,
            version=text.version, amount=str(application.amount_awarded),
        )
    return agreement


def agreement_pdf(agreement: Agreement) -> bytes:
    """The agreement's PDF: rendered once (the first time anyone reads it), then always the same
    bytes — the signer accepts exactly what was shown, and its hash stays true."""
    if not agreement.pdf:
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
            if not locked.pdf:
                content = render_pdf("pdf/agreement.html", _pdf_context(locked), language=locked.language)
                locked.pdf.save(f"convention-{locked.application.number}-v{locked.version}.pdf", ContentFile(content), save=False)
                locked.save(update_fields=["pdf"])
            agreement.pdf = locked.pdf
    with agreement.pdf.open("rb") as handle:
        return handle.read()


# The agreement is signed in the organisme's language; the other one is a translation given on
# request, for information (the same text version, rendered from the tier's text in that language).
LANGUAGE_NAMES = {Language.FRENCH: gettext_lazy("français"), Language.ENGLISH: gettext_lazy("anglais")}


def signed_language(agreement: Agreement) -> Language:
    """The language of the version that is signed: the organisme's."""
    return Language.ENGLISH if agreement.language == Language.ENGLISH else Language.FRENCH


def translation_language(agreement: Agreement) -> Language:
    return Language.FRENCH if signed_language(agreement) == Language.ENGLISH else Language.ENGLISH


def agreement_translation_pdf(agreement: Agreement) -> bytes:
    """The agreement in the other language, for information: rendered from the same text version
    on each request (never stored, never signed); it says which version is the one signed."""
    language = translation_language(agreement)
    context = {**_pdf_context(agreement, language), "signed_language": LANGUAGE_NAMES[signed_language(agreement)]}
    return render_pdf("pdf/agreement.html", context, language=language)


def _pdf_context(agreement: Agreement, language: str | None = None) -> dict:
    application = (
        Application.objects.select_related("organisme", "tier", "tier__program").prefetch_related("budget_lines").get(
            pk=agreement.application_id
        )
    )
    return {
        "agreement": agreement,
        "application": application,
        "organisme": application.organisme,
        "body": agreement.text.body(language or agreement.language),
        "conditions": agreement.text.conditions(language or agreement.language),
        "installments": installments(agreement),
    }


def installments(agreement: Agreement) -> list[dict]:
    """The copied schedule with its amounts as numbers and its triggers' labels."""
    return [
        {**step, "amount": Decimal(step["amount"]), "trigger_label": PaymentTrigger(step["trigger"]).label}
        for step in agreement.schedule
    ]


def _signer_errors(full_name: str, title: str) -> dict:
    errors = {}
    if not full_name:
        errors["full_name"] = ValidationError(_("Indiquez le nom complet de la personne qui signe."), code="full_name_required")
    if not title:
        errors["title"] = ValidationError(_("Indiquez son titre dans l'organisme."), code="title_required")
    return errors


def _locked_unsigned(agreement: Agreement) -> tuple[Application, Agreement]:
    application = _lock_application(agreement.application_id)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.is_signed:
        raise ValidationError(_("La convention est déjà signée."), code="already_signed")
    return application, agreement


def _record_signature(
    application, agreement: Agreement, *, actor, method: str, full_name: str, title: str, sha256: str
) -> Agreement:
    """On the LOCKED rows: the one signature record and the one move to « Convention signée »,
    however the agreement was signed (online by the responsible person, on paper filed by staff;
    the status table allows that move to either)."""
    agreement.signed_at = timezone.now()
    agreement.signed_by = actor
    agreement.signature_method = method
    agreement.signer_name, agreement.signer_title = full_name, title
    agreement.authority_confirmed = True
    agreement.signed_version = agreement.version
    agreement.signed_pdf_sha256 = sha256
    agreement.save(update_fields=[
        "signed_at", "signed_by", "signature_method", "signer_name", "signer_title", "authority_confirmed",
        "signed_version", "signed_pdf_sha256", "paper_copy", "paper_copy_name", "paper_copy_content_type",
    ])
    move_to(application, S.AGREEMENT, actor=actor, message=_("Convention signée par %(name)s") % {"name": full_name})
    record_event(
        actor=actor, action=T.AGREEMENT_SIGNED, target=agreement, version=agreement.version, sha256=sha256,
        signer_name=full_name, signer_title=title, method=method,
    )
    return agreement


def sign_agreement(*, actor, agreement: Agreement, full_name: str, title: str, authority_confirmed: bool) -> Agreement:
    """The responsible person accepts the agreement online; what was read is frozen: the text
    version and the SHA-256 of the PDF. Collaborators may read it but not sign."""
    require(
        actor, Permission.ORGANISME_RESPONSIBLE, agreement.application,
        _("Seule la personne responsable de l'organisme peut signer la convention."),
    )
    full_name, title = (full_name or "").strip(), (title or "").strip()
    errors = _signer_errors(full_name, title)
    if not authority_confirmed:
        errors["authority_confirmed"] = ValidationError(
            _("Confirmez que vous avez l'autorité de signer au nom de l'organisme."), code="authority_required"
        )
    if errors:
        raise ValidationError(errors)
    content = agreement_pdf(agreement)
    with transaction.atomic():
        application, agreement = _locked_unsigned(agreement)
        return _record_signature(
            application, agreement, actor=actor, method=SignatureMethod.ONLINE, full_name=full_name, title=title,
            sha256=hashlib.sha256(content).hexdigest(),
        )


def _file_sha256(uploaded_file) -> str:
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest()


def record_paper_signature(*, actor, agreement: Agreement, uploaded_file, full_name: str, title: str) -> Agreement:
    """Where the organisme signed on paper, the team files the signed copy instead: it counts as
    the signature (its SHA-256 is the one frozen). The copy passes the attachments' checks; a
    refused file stores nothing."""
    require(actor, Permission.DECIDE, agreement.application)
    full_name, title = (full_name or "").strip(), (title or "").strip()
    errors = _signer_errors(full_name, title)
    content_type = None
    if uploaded_file is None:
        errors["file"] = ValidationError(_("Déposez la copie signée de la convention."), code="file_required")
    else:
        try:
            content_type = check_upload(uploaded_file)
        except ValidationError as error:
            errors["file"] = error
    if errors:
        raise ValidationError(errors)
    stored = None
    try:
        with transaction.atomic():
            application, agreement = _locked_unsigned(agreement)
            agreement.paper_copy.save(
                f"convention-signee-{application.number}.{stored_name(content_type).rsplit('.', 1)[-1]}",
                uploaded_file, save=False,
            )
            stored = agreement.paper_copy.name
            agreement.paper_copy_name = display_name(uploaded_file.name, content_type)
            agreement.paper_copy_content_type = content_type
            return _record_signature(
                application, agreement, actor=actor, method=SignatureMethod.PAPER, full_name=full_name, title=title,
                sha256=_file_sha256(uploaded_file),
            )
    except Exception:
        # A rolled-back filing must not leave its file behind (only the file IT stored: a copy
        # filed before stays).
        if stored:
            private_storage().delete(stored)
        raise


def countersign_agreement(*, actor, agreement: Agreement) -> Agreement:
    """The team countersigns the agreement the organisme signed: who and when are kept on the
    signature record, beside the organisme's signature."""
    require(actor, Permission.DECIDE, agreement.application)
    with transaction.atomic():
        _lock_application(agreement.application_id)
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if not agreement.is_signed:
            raise ValidationError(
                _("L'organisme n'a pas encore signé la convention : elle ne peut pas être contresignée."),
                code="not_signed",
            )
        if agreement.countersigned_at is not None:
            raise ValidationError(_("La convention est déjà contresignée."), code="already_countersigned")
        agreement.countersigned_at, agreement.countersigned_by = timezone.now(), actor
        agreement.save(update_fields=["countersigned_at", "countersigned_by"])
        record_event(
            actor=actor, action=T.AGREEMENT_COUNTERSIGNED, target=agreement, version=agreement.signed_version,
            sha256=agreement.signed_pdf_sha256,
        )
    return agreement


def signed_document(agreement: Agreement) -> tuple:
    """What the organisme signed, as a stored file: (file, name offered, content type) — the PDF
    it read online (the bytes its hash was taken of) or the paper copy the team filed."""
    if not agreement.is_signed:
        raise ValidationError(_("La convention n'est pas encore signée."), code="not_signed")
    number = agreement.application.number
    if agreement.signed_on_paper:
        return agreement.paper_copy, agreement.paper_copy_name or f"convention-signee-{number}", agreement.paper_copy_content_type
    agreement_pdf(agreement)
    return agreement.pdf, f"convention-signee-{number}.pdf", "application/pdf"


# --- Reminders (beat task) --------------------------------------------------------------------------

REMIND_UNSIGNED_AFTER_DAYS = 14


def queue_unsigned_agreement_reminders(*, now=None) -> int:
    """Remind the members of every agreement unsigned 14 days after it was generated, once."""
    now = now or timezone.now()
    due = Agreement.objects.filter(
        signed_at__isnull=True, reminder_sent_at__isnull=True,
        generated_at__lte=now - timedelta(days=REMIND_UNSIGNED_AFTER_DAYS),
        application__status=S.AWARDED,
    ).values_list("pk", flat=True)
    count = 0
    for pk in due:
        with transaction.atomic():
            agreement = (
                Agreement.objects.select_for_update(of=("self",)).select_related("application__organisme")
                .filter(pk=pk, reminder_sent_at__isnull=True).first()
            )
            if agreement is None:
                continue
            agreement.reminder_sent_at = now
            agreement.save(update_fields=["reminder_sent_at"])
            application = agreement.application
            notify_members(
                organisme=application.organisme, template="agreement_reminder", responsibles_only=True,
                context={
                    "application": application,
                    "agreement_url": absolute_url("grants:agreement", application.organisme.preferred_language, application.pk),
                },
                about=agreement, dedup_prefix=f"agreement_reminder:{agreement.pk}",
            )
            record_event(actor=None, action=T.AGREEMENT_REMINDER_SENT, target=agreement)
        count += 1
    return count


# --- Payments: the ledger -----------------------------------------------------------------------

PAY_PERMISSION = "grants.add_payment"
# Statuses in which an agreement is signed and payments may be recorded.
PAYABLE_STATUSES = (S.AGREEMENT, S.PAID, S.REPORT_RECEIVED)


def total_paid(application) -> Decimal:
    return Payment.objects.filter(application=application).aggregate(total=Coalesce(Sum("amount"), Decimal(0)))["total"]


def due_now(agreement: Agreement, status: str, paid: Decimal) -> Decimal:
    """What the schedule makes due today, less what was paid: the installments at signature once
    signed, those at the report's acceptance once it is accepted."""
    reached = {PaymentTrigger.SIGNATURE} if agreement.is_signed else set()
    if status in (S.REPORT_RECEIVED, S.CLOSED):
        reached.add(PaymentTrigger.REPORT_ACCEPTED)
    scheduled = sum((Decimal(step["amount"]) for step in agreement.schedule if step["trigger"] in reached), Decimal(0))
    return max(scheduled - paid, Decimal(0))


def _positive_amount(amount) -> Decimal:
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(_("Le montant doit être un nombre."), code="amount_invalid") from None
    if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("Le montant doit être supérieur à 0 $, au cent près."), code="amount_invalid")
    return value


def _record_payment(application, *, actor, amount: Decimal, paid_on, method: str, reference: str, batch=None) -> Payment:
    """On the LOCKED application: the award is never exceeded, nothing is paid before signature."""
    agreement = Agreement.objects.filter(application=application).first()
    if agreement is None or not agreement.is_signed or application.status not in PAYABLE_STATUSES:
        raise ValidationError(
            _("La demande %(number)s ne peut pas être payée avant la signature de sa convention.") % {"number": application.number},
            code="not_signed",
        )
    if method not in PaymentMethod.values:
        raise ValidationError(_("Choisissez le mode de paiement."), code="method_required")
    if paid_on is None:
        raise ValidationError(_("Indiquez la date du paiement."), code="date_required")
    paid = total_paid(application)
    if paid + amount > application.amount_awarded:
        raise ValidationError(
            _("Ce paiement porterait le total versé à %(total)s, au-delà du montant accordé (%(awarded)s).")
            % {"total": format_money(paid + amount), "awarded": format_money(application.amount_awarded)},
            code="above_award",
        )
    payment = Payment.objects.create(
        application=application, amount=amount, paid_on=paid_on, method=method, reference=(reference or "").strip()[:100],
        batch=batch, recorded_by=actor,
    )
    record_event(
        actor=actor, action=T.PAYMENT_RECORDED, target=application, payment=payment.pk, amount=str(amount),
        method=method, reference=payment.reference, batch=batch.pk if batch else None,
    )
    if application.status == S.AGREEMENT:
        move_to(application, S.PAID, actor=actor, message=_("Premier versement : %(amount)s") % {"amount": format_money(amount)})
    return payment


def _lock_application(pk) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("organisme").get(pk=pk)


def record_payment(*, actor, application, amount, paid_on, method: str, reference: str = "") -> Payment:
    """Record a payment made to the organisme. The application row is locked first: two payments
    recorded at the same moment are added up one after the other, never above the award."""
    require(actor, PAY_PERMISSION, application)
    amount = _positive_amount(amount)
    with transaction.atomic():
        return _record_payment(
            _lock_application(application.pk), actor=actor, amount=amount, paid_on=paid_on, method=method,
            reference=reference,
        )


def reverse_payment(*, actor, payment: Payment, reason: str) -> Payment:
    """Cancel a payment by a line of the opposite amount (the ledger keeps both)."""
    require(actor, PAY_PERMISSION, payment.application)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indiquez le motif de l'annulation du paiement."), code="reason_required")
    with transaction.atomic():
        application = _lock_application(payment.application_id)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.amount < 0 or Payment.objects.filter(reverses=payment).exists():
            raise ValidationError(_("Ce paiement est déjà annulé ou est lui-même une annulation."), code="already_reversed")
        reversal = Payment.objects.create(
            application=application, amount=-payment.amount, paid_on=timezone.localdate(), method=payment.method,
            reference=payment.reference, reverses=payment, reason=reason, recorded_by=actor,
        )
        record_event(
            actor=actor, action=T.PAYMENT_REVERSED, target=application, payment=payment.pk,
            amount=str(payment.amount), reason=reason,
        )
    return reversal


# --- Payment batches --------------------------------------------------------------------------------


def create_payment_batch(*, actor, applications) -> PaymentBatch:
    """A batch of what is due today for each of `applications` (those with nothing due are left
    out); refused when nothing at all is due."""
    if actor is None or not actor.has_perm(PAY_PERMISSION):
        raise PermissionDenied
    applications = list(applications)
    for application in applications:
        require(actor, PAY_PERMISSION, application)
    with transaction.atomic():
        lines = []
        for application in Application.objects.select_for_update(of=("self",)).filter(
            pk__in=[a.pk for a in applications]
        ).select_related("agreement").order_by("pk"):
            amount = due_now(application.agreement, application.status, total_paid(application))
            if amount > 0 and application.status in PAYABLE_STATUSES:
                lines.append((application, amount))
        if not lines:
            raise ValidationError(_("Aucun versement n'est dû pour les demandes choisies."), code="nothing_due")
        batch = PaymentBatch.objects.create(created_by=actor)
        PaymentBatchLine.objects.bulk_create(
            [PaymentBatchLine(batch=batch, application=application, amount=amount) for application, amount in lines]
        )
        record_event(
            actor=actor, action=T.PAYMENT_BATCH_CREATED, target=batch, lines=len(lines),
            total=str(sum(amount for _a, amount in lines)),
        )
    return batch


def mark_batch_paid(*, actor, batch: PaymentBatch, paid_on, method: str = PaymentMethod.TRANSFER, reference: str = "") -> PaymentBatch:
    """Every line of the batch becomes a payment, in one transaction: all or none."""
    if actor is None or not actor.has_perm(PAY_PERMISSION):
        raise PermissionDenied
    with transaction.atomic():
        batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.paid_at is not None:
            raise ValidationError(_("Ce lot est déjà marqué comme payé."), code="batch_already_paid")
        lines = list(batch.lines.order_by("application_id"))
        applications = {a.pk: a for a in Application.objects.select_for_update(of=("self",)).filter(
            pk__in=[line.application_id for line in lines]
        ).select_related("organisme").order_by("pk")}
        for line in lines:
            application = applications[line.application_id]
            require(actor, PAY_PERMISSION, application)
            _record_payment(
                application, actor=actor, amount=line.amount, paid_on=paid_on, method=method,
                reference=reference or str(batch), batch=batch,
            )
        batch.paid_at = timezone.now()
        batch.save(update_fields=["paid_at"])
        record_event(actor=actor, action=T.PAYMENT_BATCH_PAID, target=batch, lines=len(lines))
    return batch


# --- The final report (bilan) ----------------------------------------------------------------------

ANSWER_MAX_LENGTH = 3000
REPORTABLE_STATUSES = (S.AGREEMENT, S.PAID)
# Days from the due date on which the organisme is reminded: 30 days before, the day, 14 after.
REPORT_REMINDER_OFFSETS = (-30, 0, 14)


def add_months(day, months: int):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def report_due_on(agreement: Agreement):
    """The final report is due `report_due_months` after the signature (None before it)."""
    if not agreement.is_signed:
        return None
    return add_months(timezone.localdate(agreement.signed_at), agreement.report_due_months)


def report_questions(tier):
    return list(ReportQuestion.objects.filter(tier=tier).order_by("position", "pk"))


def approved_amendments(application) -> list:
    return list(Amendment.objects.filter(application=application, status=AmendmentStatus.APPROVED).order_by("version"))


def current_budget(application) -> BudgetVersion:
    """The budget in force: the latest approved amendment's, else the one awarded."""
    return budget_versions(application, approved_amendments(application))[-1]


def _spent_rows(report: FinalReport, budget: BudgetVersion, spent: dict) -> list[dict]:
    """The budget's lines with what was spent on each: `spent` maps a line's index to an amount
    (None or absent: not given yet, the saved figure kept when the line is unchanged)."""
    saved = {(row["category"], row["description"]): row["spent"] for row in report.spent}
    rows = []
    for index, line in enumerate(budget.lines):
        amount = spent.get(index, spent.get(str(index)))
        if amount is not None:
            amount = _spent_amount(amount)
        given = str(amount.quantize(Decimal("0.01"))) if amount is not None else saved.get((line["category"], line["description"]), "")
        rows.append({
            "category": line["category"], "description": line["description"], "planned": str(line["amount"]),
            "spent": given,
        })
    return rows


def _spent_amount(amount) -> Decimal:
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(_("Le montant doit être un nombre."), code="amount_invalid") from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("Le montant dépensé est de 0 $ ou plus, au cent près."), code="spent_invalid")
    return value


def _locked_editable_report(application) -> tuple[Application, FinalReport]:
    application = _lock_application(application.pk)
    if application.status not in REPORTABLE_STATUSES:
        raise ValidationError(_("Le bilan se remet une fois la convention signée."), code="not_reportable")
    report, _created = FinalReport.objects.select_for_update().get_or_create(application=application)
    if not report.editable:
        raise ValidationError(_("Le bilan est remis : il ne peut plus être modifié."), code="report_not_editable")
    return application, report


def save_report(*, actor, application, answers: dict | None = None, spent: dict | None = None, submit: bool = False) -> FinalReport:
    """Save part of the organisme's report as a draft (any member): the answers of the questions
    step and/or the amounts spent per budget line (`None` leaves that part as it was; unknown keys
    are ignored), or submit it (the responsible person; every question answered, every line's
    spending given). Nothing typed is lost on refusal of the submission: the draft is saved first."""
    require(actor, Permission.ORGANISME_RESPONSIBLE if submit else Permission.ORGANISME_MEMBER, application)
    keys = [question.key for question in report_questions(application.tier)]
    with transaction.atomic():
        application, report = _locked_editable_report(application)
        if answers is not None:
            typed = {key: str(answers.get(key, "") or "").strip()[:ANSWER_MAX_LENGTH] for key in keys if key in answers}
            report.answers = {**{key: report.answers.get(key, "") for key in keys}, **typed}
        if spent is not None or not report.spent:
            report.spent = _spent_rows(report, current_budget(application), spent or {})
        report.save(update_fields=["answers", "spent", "updated_at"])
        record_event(
            actor=actor, action=T.FINAL_REPORT_SAVED, target=report, fields=len([v for v in report.answers.values() if v]),
        )
    if submit:
        _submit_report(report, actor=actor, keys=keys)
    return report


def report_problems(report: FinalReport, keys) -> dict:
    """What a submission still lacks, by field: an unanswered question, a line without its spending."""
    problems = {
        key: ValidationError(_("Répondez à cette question."), code="answer_required")
        for key in keys if not report.answers.get(key)
    }
    if any(row["spent"] == "" for row in report.spent):
        problems["spent"] = ValidationError(
            _("Indiquez le montant réellement dépensé pour chaque ligne du budget (0 $ si rien)."), code="spent_required"
        )
    return problems


def _submit_report(report: FinalReport, *, actor, keys) -> None:
    missing = report_problems(report, keys)
    if missing:
        raise ValidationError(missing)
    with transaction.atomic():
        report = FinalReport.objects.select_for_update().get(pk=report.pk)
        report.status = ReportStatus.SUBMITTED
        # The first submission stays the report's date (the ministry figures, the organisme's
        # timeline); each resubmission after asked-for changes is its own audit event, at its time.
        if report.submitted_at is None:
            report.submitted_at, report.submitted_by = timezone.now(), actor
        report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        record_event(actor=actor, action=T.FINAL_REPORT_SUBMITTED, target=report)


def add_report_attachment(*, actor, application, uploaded_file) -> ReportAttachment:
    """Join a document to the report while it is editable, checked like the application's
    attachments (type from the content, size, zip bombs); a refused file stores nothing."""
    require(actor, Permission.ORGANISME_MEMBER, application)
    content_type = check_upload(uploaded_file)
    attachment = ReportAttachment(
        original_name=display_name(uploaded_file.name, content_type), content_type=content_type,
        size=uploaded_file.size, uploaded_by=actor,
    )
    try:
        with transaction.atomic():
            _application, report = _locked_editable_report(application)
            if report.attachments.count() >= MAX_ATTACHMENTS:
                raise ValidationError(
                    _("Un bilan peut compter au plus %(count)s documents ; retirez-en un avant d'en ajouter un autre.")
                    % {"count": MAX_ATTACHMENTS},
                    code="too_many_files",
                )
            attachment.report = report
            attachment.file.save(stored_name(content_type), uploaded_file, save=False)
            attachment.save()
            record_event(
                actor=actor, action=T.FINAL_REPORT_ATTACHMENT_ADDED, target=report, attachment=attachment.pk,
                content_type=content_type, size=attachment.size,
            )
    except Exception:
        # A rolled-back upload must not leave its file behind.
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def remove_report_attachment(*, actor, application, attachment: ReportAttachment) -> None:
    require(actor, Permission.ORGANISME_MEMBER, application)
    with transaction.atomic():
        _application, report = _locked_editable_report(application)
        attachment = ReportAttachment.objects.select_for_update().get(pk=attachment.pk, report=report)
        file_name, storage = attachment.file.name, attachment.file.storage
        attachment.delete()
        record_event(actor=actor, action=T.FINAL_REPORT_ATTACHMENT_REMOVED, target=report, name=attachment.original_name)
        transaction.on_commit(partial(storage.delete, file_name))


def _submitted_report(application) -> FinalReport:
    report = FinalReport.objects.select_for_update().filter(application=application).first()
    if report is None or report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Aucun bilan remis n'attend de décision pour cette demande."), code="no_submitted_report")
    return report


# Who accepts a report, asks for changes and closes the file (the DATAide team): the admin shows
# those actions only to whoever holds it.
REPORT_DECISION_PERMISSION = Permission.DECIDE


def accept_report(*, actor, application) -> FinalReport:
    """Staff accept the report: the application moves to « Rapport reçu », and the installment the
    schedule ties to the report becomes due (it appears in the payments due)."""
    require(actor, REPORT_DECISION_PERMISSION, application)
    with transaction.atomic():
        application = _lock_application(application.pk)
        report = _submitted_report(application)
        report.status, report.accepted_at = ReportStatus.ACCEPTED, timezone.now()
        report.save(update_fields=["status", "accepted_at", "updated_at"])
        move_to(application, S.REPORT_RECEIVED, actor=actor, message=_("Bilan accepté"))
        record_event(actor=actor, action=T.FINAL_REPORT_ACCEPTED, target=report)
    return report


def request_report_changes(*, actor, application, message: str) -> FinalReport:
    """Send the report back to the organisme with a message saying what to change."""
    require(actor, REPORT_DECISION_PERMISSION, application)
    message = (message or "").strip()
    if not message:
        raise ValidationError(_("Expliquez à l'organisme ce qu'il faut modifier."), code="message_required")
    with transaction.atomic():
        application = _lock_application(application.pk)
        report = _submitted_report(application)
        report.status, report.staff_message = ReportStatus.CHANGES_REQUESTED, message
        report.save(update_fields=["status", "staff_message", "updated_at"])
        record_event(actor=actor, action=T.FINAL_REPORT_CHANGES_REQUESTED, target=report, message=message)
        notify_members(
            organisme=application.organisme, template="report_changes_requested", about=report,
            context={"application": application, "message": message, "report_url": absolute_url(
                "grants:report", application.organisme.preferred_language, application.pk)},
        )
    return report


def close_application(*, actor, application):
    """Close the file once the report is accepted and everything due is paid."""
    require(actor, REPORT_DECISION_PERMISSION, application)
    with transaction.atomic():
        application = _lock_application(application.pk)
        if not FinalReport.objects.filter(application=application, status=ReportStatus.ACCEPTED).exists():
            raise ValidationError(_("Le dossier se ferme une fois le bilan accepté."), code="report_not_accepted")
        agreement = Agreement.objects.filter(application=application).first()
        if agreement is not None and due_now(agreement, application.status, total_paid(application)) > 0:
            raise ValidationError(
                _("Un versement est encore dû à cette demande : payez-le avant de fermer le dossier."), code="payment_due"
            )
        move_to(application, S.CLOSED, actor=actor, message=_("Dossier fermé"))
    return application


def queue_report_reminders(*, now=None) -> int:
    """Remind the organismes whose report is not in yet: 30 days before the due date, on the day,
    14 days after — each once; when the task runs late only the latest reminder reached goes out."""
    today = timezone.localdate(now or timezone.now())
    agreements = (
        Agreement.objects.filter(signed_at__isnull=False, application__status__in=REPORTABLE_STATUSES)
        .exclude(application__final_report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
        .select_related("application__organisme")
        .prefetch_related("report_reminders")
    )
    count = 0
    for agreement in agreements:
        due_on = report_due_on(agreement)
        reached = [offset for offset in REPORT_REMINDER_OFFSETS if today >= due_on + timedelta(days=offset)]
        sent = {reminder.offset_days for reminder in agreement.report_reminders.all()}
        if not reached or max(reached) in sent:
            continue
        with transaction.atomic():
            created = [
                ReportReminder.objects.get_or_create(agreement=agreement, offset_days=offset)[1] for offset in reached
            ]
            if not created[-1]:
                continue  # another run sent it meanwhile
            application = agreement.application
            notify_members(
                organisme=application.organisme, template="report_reminder", about=agreement,
                dedup_prefix=f"report_reminder:{agreement.pk}:{max(reached)}",
                context={"application": application, "due_on": due_on, "report_url": absolute_url(
                    "grants:report", application.organisme.preferred_language, application.pk)},
            )
            record_event(actor=None, action=T.FINAL_REPORT_REMINDER_SENT, target=agreement, offset_days=max(reached))
        count += 1
    return count


# --- Amendments (modifications) ----------------------------------------------------------------------

# Signed, and the final report not accepted yet: the project is under way.
AMENDABLE_STATUSES = (S.AGREEMENT, S.PAID)
TIMELINE_MAX_LENGTH = 1500


def _clean_lines(lines) -> list[dict]:
    """The proposed lines, checked and normalised (the form checks the same; a service never
    trusts its caller)."""
    cleaned = []
    for line in lines:
        category, description = line.get("category"), str(line.get("description") or "").strip()
        if category not in BudgetCategory.values or not description or len(description) > 200:
            raise ValidationError(_("Chaque ligne du budget a une catégorie et une description."), code="line_invalid")
        amount = _positive_amount(line.get("amount"))
        cleaned.append({"category": category, "description": description, "amount": amount})
    if not cleaned:
        raise ValidationError(_("Le budget modifié compte au moins une ligne."), code="lines_required")
    return cleaned


def _within_award(application, total: Decimal) -> None:
    if total > application.amount_awarded:
        raise ValidationError(
            _("Le budget modifié totalise %(total)s, au-delà du montant accordé (%(awarded)s) : "
              "une modification ne peut pas augmenter la bourse.")
            % {"total": format_money(total), "awarded": format_money(application.amount_awarded)},
            code="above_award",
        )


def request_amendment(*, actor, application, lines, timeline: str, reason: str) -> Amendment:
    """The responsible person asks to change the budget lines and/or the timeline of the signed
    agreement; the new budget never totals more than the amount awarded."""
    require(
        actor, Permission.ORGANISME_RESPONSIBLE, application,
        _("Seule la personne responsable de l'organisme peut demander une modification."),
    )
    reason, timeline = (reason or "").strip()[:3000], (timeline or "").strip()[:TIMELINE_MAX_LENGTH]
    if not reason:
        raise ValidationError({"reason": ValidationError(_("Expliquez pourquoi vous demandez cette modification."), code="reason_required")})
    lines = _clean_lines(lines)
    with transaction.atomic():
        application = _lock_application(application.pk)
        if application.status not in AMENDABLE_STATUSES:
            raise ValidationError(
                _("Une modification se demande une fois la convention signée, tant que le bilan n'est pas accepté."),
                code="not_amendable",
            )
        if Amendment.objects.filter(application=application, status=AmendmentStatus.PENDING).exists():
            raise ValidationError(_("Une demande de modification attend déjà la décision de l'équipe."), code="already_pending")
        total = sum((line["amount"] for line in lines), Decimal(0))
        _within_award(application, total)
        current = current_budget(application)
        if stored_lines(lines) == stored_lines(current.lines) and timeline == current.timeline.strip():
            raise ValidationError(_("La modification ne change ni le budget ni l'échéancier."), code="no_change")
        amendment = Amendment.objects.create(
            application=application, lines=stored_lines(lines), timeline=timeline, reason=reason, requested_by=actor,
        )
        record_event(actor=actor, action=T.AMENDMENT_REQUESTED, target=amendment, total=str(total))
    return amendment


def _locked_pending(amendment: Amendment) -> tuple[Application, Amendment]:
    application = _lock_application(amendment.application_id)
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if amendment.status != AmendmentStatus.PENDING:
        raise ValidationError(_("Cette demande de modification est déjà décidée."), code="already_decided")
    return application, amendment


def _notify_decision(application, amendment: Amendment) -> None:
    """The courriel to the organisme, written to the outbox now and sent after the commit."""
    notify_members(
        organisme=application.organisme, template="amendment_decided", about=amendment,
        context={
            "application": application, "approved": amendment.status == AmendmentStatus.APPROVED,
            "reason": amendment.decision_reason, "version": amendment.version,
            "amendments_url": absolute_url("grants:amendments", application.organisme.preferred_language, application.pk),
        },
    )


def approve_amendment(*, actor, amendment: Amendment, reason: str = "") -> Amendment:
    """Staff approve: the request becomes the next budget version, and the agreement record notes
    it (the signed PDF is never regenerated: its hash must stay true; the amendment is its annex)."""
    require(actor, Permission.DECIDE, amendment.application)
    with transaction.atomic():
        application, amendment = _locked_pending(amendment)
        _within_award(application, amendment.total)
        agreement = Agreement.objects.select_for_update().get(application=application)
        amendment.version = current_budget(application).number + 1
        amendment.status, amendment.decided_by, amendment.decided_at = AmendmentStatus.APPROVED, actor, timezone.now()
        amendment.decision_reason = (reason or "").strip()[:3000]
        amendment.save(update_fields=["version", "status", "decided_by", "decided_at", "decision_reason"])
        note = _("Modification approuvée le %(date)s : budget version %(version)s, %(total)s au total.") % {
            "date": formats.date_format(timezone.localdate(amendment.decided_at), "DATE_FORMAT"),
            "version": amendment.version, "total": format_money(amendment.total),
        }
        agreement.amendment_notes = "\n".join(filter(None, [agreement.amendment_notes, note]))
        agreement.save(update_fields=["amendment_notes"])
        record_event(
            actor=actor, action=T.AMENDMENT_APPROVED, target=amendment, version=amendment.version, total=str(amendment.total),
        )
        _notify_decision(application, amendment)
    return amendment


def refuse_amendment(*, actor, amendment: Amendment, reason: str) -> Amendment:
    """Staff refuse, saying why: the budget in force stays as it was."""
    require(actor, Permission.DECIDE, amendment.application)
    reason = (reason or "").strip()[:3000]
    if not reason:
        raise ValidationError({"reason": ValidationError(_("Indiquez le motif du refus."), code="reason_required")})
    with transaction.atomic():
        application, amendment = _locked_pending(amendment)
        amendment.status, amendment.decided_by, amendment.decided_at = AmendmentStatus.REFUSED, actor, timezone.now()
        amendment.decision_reason = reason
        amendment.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        record_event(actor=actor, action=T.AMENDMENT_REFUSED, target=amendment, reason=reason)
        _notify_decision(application, amendment)
    return amendment
