"""Changes after the award: the agreement text, the agreement itself and its acceptance.

Every service takes the actor and checks its permission first (applications.permissions: staff
permissions row-limited to their regions, organisme roles), locks what it reads then writes, and
records its audit event in the same transaction.
"""

import hashlib
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from applications.permissions import require
from applications.statuses import ApplicationStatus as S
from applications.statuses import Permission
from applications.transitions import move_to
from dataide.audit.events import AuditEventType as T
from dataide.audit.services import record_event
from dataide.documents import render_pdf
from dataide.i18n import absolute_url
from organismes.services import notify_members

from .models import Agreement, AgreementText, PaymentStep, PaymentTrigger, SignatureMethod

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


def _pdf_context(agreement: Agreement) -> dict:
    application = (
        Application.objects.select_related("organisme", "tier", "tier__program").prefetch_related("budget_lines").get(
            pk=agreement.application_id
        )
    )
    return {
        "agreement": agreement,
        "application": application,
        "organisme": application.organisme,
        "body": agreement.text.body(agreement.language),
        "conditions": agreement.text.conditions(agreement.language),
        "installments": installments(agreement),
    }


def installments(agreement: Agreement) -> list[dict]:
    """The copied schedule with its amounts as numbers and its triggers' labels."""
    return [
        {**step, "amount": Decimal(step["amount"]), "trigger_label": PaymentTrigger(step["trigger"]).label}
        for step in agreement.schedule
    ]


def sign_agreement(*, actor, agreement: Agreement, full_name: str, title: str, authority_confirmed: bool) -> Agreement:
    """The responsible person accepts the agreement online; what was read is frozen: the text
    version and the SHA-256 of the PDF. Collaborators may read it but not sign."""
    require(
        actor, Permission.ORGANISME_RESPONSIBLE, agreement.application,
        _("Seule la personne responsable de l'organisme peut signer la convention."),
    )
    full_name, title = (full_name or "").strip(), (title or "").strip()
    errors = {}
    if not full_name:
        errors["full_name"] = ValidationError(_("Indiquez votre nom complet."), code="full_name_required")
    if not title:
        errors["title"] = ValidationError(_("Indiquez votre titre dans l'organisme."), code="title_required")
    if not authority_confirmed:
        errors["authority_confirmed"] = ValidationError(
            _("Confirmez que vous avez l'autorité de signer au nom de l'organisme."), code="authority_required"
        )
    if errors:
        raise ValidationError(errors)
    content = agreement_pdf(agreement)
    with transaction.atomic():
        application = Application.objects.select_for_update(of=("self",)).select_related("organisme").get(
            pk=agreement.application_id
        )
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.is_signed:
            raise ValidationError(_("La convention est déjà signée."), code="already_signed")
        agreement.signed_at = timezone.now()
        agreement.signed_by = actor
        agreement.signature_method = SignatureMethod.ONLINE
        agreement.signer_name, agreement.signer_title = full_name, title
        agreement.authority_confirmed = True
        agreement.signed_version = agreement.version
        agreement.signed_pdf_sha256 = hashlib.sha256(content).hexdigest()
        agreement.save(update_fields=[
            "signed_at", "signed_by", "signature_method", "signer_name", "signer_title", "authority_confirmed",
            "signed_version", "signed_pdf_sha256",
        ])
        move_to(application, S.AGREEMENT, actor=actor, message=_("Convention signée par %(name)s") % {"name": full_name})
        record_event(
            actor=actor, action=T.AGREEMENT_SIGNED, target=agreement, version=agreement.version,
            sha256=agreement.signed_pdf_sha256, signer_name=full_name, signer_title=title,
        )
    return agreement


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
