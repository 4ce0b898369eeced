"""State changes of an application outside decisions: on the organisme's side the draft, its
attachments, submission and withdrawal; on the staff side screening and reminders; and the
idle-draft reminder. Status moves go through `transitions.move_to`.

Every service checks its actor first (applications.permissions, with the permissions the status
table names) and raises PermissionDenied; rule violations then raise ValidationError with French
messages (several at once when several rules fail).
"""

from datetime import timedelta
from decimal import Decimal
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event
from dataide.formatting import format_money
from dataide.i18n import absolute_url
from organismes.models import Organisme
from organismes.services import notify_members
from programs.models import GrantTier

from . import document_bundle, steps
from .attestation import attestation_problems
from .eligibility import eligibility
from .models import (
    Application,
    ApplicationNumberSequence,
    ApplicationStatus,
    Attachment,
    BudgetLine,
    InfoRequest,
    PartnerOrganisme,
    StatusChange,
)
from .permissions import require, role_in_organisme
from .selectors import forget_list_counts
from .statuses import (
    EDITABLE_STATUSES,
    REOPENED_STATUSES,
    WITHDRAWABLE_STATUSES,  # noqa: F401  the applicant pages read it from here
    Permission,
)
from .transitions import move_to
from .uploads import MAX_ATTACHMENTS, check_upload, display_name, stored_name

DRAFT_IDLE_AFTER = timedelta(days=7)
NOT_A_MEMBER = _("Vous ne faites pas partie de cet organisme.")


# --- Rules shared by the forms, the review page and submission -------------------------------

def lines_total(lines) -> Decimal:
    """The requested amount: the sum of the budget lines (rows as dicts, or BudgetLine objects)."""
    return sum((line["amount"] if isinstance(line, dict) else line.amount for line in lines), Decimal(0))


def amount_problems(tier: GrantTier, amount_requested) -> list[str]:
    problems = []
    if amount_requested > tier.max_amount:
        problems.append(
            _("Le montant demandé (%(requested)s) dépasse le maximum de la bourse %(tier)s (%(max)s).")
            % {"requested": format_money(amount_requested), "tier": tier.localized("name"),
               "max": format_money(tier.max_amount)}
        )
    return problems


def submission_problems(application: Application) -> list[str]:
    """What is still missing or wrong before the application can be submitted (empty: ready)."""
    problems = []
    labels = {field.name: field.verbose_name for field in Application._meta.fields}
    for name in steps.required_text_fields_for(application.tier):
        if not getattr(application, name).strip():
            problems.append(_("Le champ « %(field)s » est à remplir.") % {"field": labels[name]})
    lines = list(application.budget_lines.all())
    if not lines:
        problems.append(_("Ajoutez au moins une ligne au budget."))
    total = lines_total(lines)
    # Saving the lines computes the amount; a draft saved before it was computed must be saved again.
    if application.amount_requested != total:
        problems.append(
            _("Le montant demandé (%(requested)s) doit être égal au total des lignes du budget (%(total)s).")
            % {"requested": format_money(application.amount_requested), "total": format_money(total)}
        )
    problems += amount_problems(application.tier, total)
    if lines and application.amount_requested <= 0:
        problems.append(_("Le montant demandé doit être plus grand que zéro."))
    if steps.needs_partners(application.tier) and not application.partners.all():
        problems.append(_("Nommez au moins un organisme partenaire du projet."))
    return problems


# --- Helpers ----------------------------------------------------------------------------------

def reopened_steps(application) -> set[str]:
    """The steps the open information request reopened (empty when there is none)."""
    request = InfoRequest.objects.filter(application=application, answered_at__isnull=True).first()
    return set(request.steps) if request else set()


def editable_steps(application) -> set[str]:
    """The slugs of the steps the organisme may change now: all of a draft, the reopened ones
    while information is requested, none otherwise."""
    if application.status in EDITABLE_STATUSES:
        return {step.slug for step in steps.steps_for(application.tier)}
    if application.status in REOPENED_STATUSES:
        return reopened_steps(application)
    return set()


def _locked_draft(actor, application, touched: set[str]) -> Application:
    """Lock the application; the actor must be a member and every step in `touched` (slugs)
    editable: the whole draft, or only the steps staff reopened."""
    require(actor, Permission.ORGANISME_MEMBER, application, NOT_A_MEMBER)
    application = Application.objects.select_for_update().select_related("tier").get(pk=application.pk)
    if application.status in REOPENED_STATUSES:
        frozen = touched - reopened_steps(application)
        if frozen:
            titles = [step.title for step in steps.steps_for(application.tier) if step.slug in frozen]
            raise ValidationError(
                _("L'équipe DATAide n'a pas rouvert l'étape « %(steps)s » : elle ne peut pas être modifiée.")
                % {"steps": " », « ".join(str(title) for title in titles)},
                code="step_frozen",
            )
    elif application.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Cette demande a été soumise : elle ne peut plus être modifiée."), code="not_draft"
        )
    return application


def _touched_steps(tier, fields, budget_lines, partners) -> set[str]:
    """The steps a save_draft call changes, from what it was given."""
    touched = {step.slug for step in steps.steps_for(tier) if set(fields or ()) & set(step.fields)}
    if budget_lines is not None:
        touched.add(steps.BUDGET_STEP.slug)
    if partners is not None and steps.needs_partners(tier):
        touched.add(steps.NETWORK.slug)
    return touched


def _tell_members(application: Application, template: str, *, dedup_prefix: str | None = None, **context):
    language = application.organisme.preferred_language
    notify_members(
        organisme=application.organisme,
        template=template,
        context={
            "application": application,
            "application_url": absolute_url("applications:detail", language, application.pk),
            **context,
        },
        about=application,
        dedup_prefix=dedup_prefix,
    )


def follow_organisme_region(organisme: Organisme) -> None:
    """The organisme's applications take its new region, in the profile change's transaction
    (organismes.services.update_profile checked the actor and records the one audit event)."""
    moved = Application.objects.filter(organisme=organisme).exclude(region=organisme.region_id).update(region=organisme.region_id)
    if moved:
        forget_list_counts()  # the regions' staff count them in their lists


# --- Services ---------------------------------------------------------------------------------

def create_draft(*, actor, organisme: Organisme, tier: GrantTier) -> Application:
    if role_in_organisme(actor, organisme.pk) is None:
        raise PermissionDenied(NOT_A_MEMBER)
    with transaction.atomic():
        # One draft at a time per organisme: concurrent clicks on "Commencer" wait here.
        locked = Organisme.objects.select_for_update().get(pk=organisme.pk)
        answer = eligibility(organisme, tier)
        if not answer.may_apply:
            raise ValidationError([ValidationError(reason.message, code=reason.code) for reason in answer.reasons])
        try:
            with transaction.atomic():
                # The region as stored under the lock: a profile change committed meanwhile is seen.
                application = Application.objects.create(organisme=organisme, tier=tier, region_id=locked.region_id)
        except IntegrityError:
            raise ValidationError(
                _("Votre organisme a déjà une demande en cours dans ce volet."), code="open_application_exists"
            ) from None
        StatusChange.objects.create(application=application, to_status=ApplicationStatus.DRAFT, actor=actor)
        record_event(actor=actor, action=AuditEventType.APPLICATION_DRAFT_CREATED, target=application, tier=tier.code)
    return application


def save_draft(
    *,
    actor,
    application: Application,
    fields: dict | None = None,
    budget_lines: list[dict] | None = None,
    partners: list[dict] | None = None,
) -> Application:
    """Save what a step holds. `budget_lines` / `partners`, when given, replace the existing rows;
    the requested amount is then the lines' total, never typed."""
    with transaction.atomic():
        application = _locked_draft(
            actor, application, _touched_steps(application.tier, fields, budget_lines, partners)
        )
        allowed = set(steps.text_fields_for(application.tier))
        changed = []
        for name, value in (fields or {}).items():
            if name in allowed and getattr(application, name) != value:
                setattr(application, name, value)
                changed.append(name)
        if budget_lines is not None:
            application.budget_lines.all().delete()
            BudgetLine.objects.bulk_create(
                BudgetLine(application=application, position=index, **line) for index, line in enumerate(budget_lines)
            )
            changed.append("budget_lines")
            if application.amount_requested != lines_total(budget_lines):
                application.amount_requested = lines_total(budget_lines)
                changed.append("amount_requested")
        if partners is not None and steps.needs_partners(application.tier):
            application.partners.all().delete()
            PartnerOrganisme.objects.bulk_create(
                PartnerOrganisme(application=application, position=index, **partner)
                for index, partner in enumerate(partners)
            )
            changed.append("partners")
        model_fields = [name for name in changed if name not in ("budget_lines", "partners")]
        # Saving touches updated_at even without field changes: it is the "last worked on" date
        # the idle-draft reminder reads.
        application.save(update_fields=[*model_fields, "updated_at"])
        if changed:
            record_event(actor=actor, action=AuditEventType.APPLICATION_DRAFT_SAVED, target=application, fields=changed)
    return application


def add_attachment(*, actor, application: Application, uploaded_file) -> Attachment:
    require(actor, Permission.ORGANISME_MEMBER, application, NOT_A_MEMBER)
    content_type = check_upload(uploaded_file)
    attachment = Attachment(
        original_name=display_name(uploaded_file.name, content_type),
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=actor,
    )
    try:
        with transaction.atomic():
            application = _locked_draft(actor, application, {steps.ATTACHMENTS_STEP.slug})
            if application.attachments.count() >= MAX_ATTACHMENTS:
                raise ValidationError(
                    _("Une demande peut compter au plus %(count)s documents ; retirez-en un avant d'en ajouter un autre.")
                    % {"count": MAX_ATTACHMENTS},
                    code="too_many_files",
                )
            attachment.application = application
            attachment.file.save(stored_name(content_type), uploaded_file, save=False)
            attachment.save()
            record_event(
                actor=actor, action=AuditEventType.APPLICATION_ATTACHMENT_ADDED, target=application,
                attachment=attachment.pk, content_type=content_type, size=attachment.size,
            )
    except Exception:
        # A rolled-back upload must not leave its file behind on the disk.
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def remove_attachment(*, actor, application: Application, attachment: Attachment) -> None:
    with transaction.atomic():
        application = _locked_draft(actor, application, {steps.ATTACHMENTS_STEP.slug})
        attachment = Attachment.objects.select_for_update().get(pk=attachment.pk, application=application)
        file_name, storage = attachment.file.name, attachment.file.storage
        attachment.delete()
        record_event(actor=actor, action=AuditEventType.APPLICATION_ATTACHMENT_REMOVED, target=application, name=attachment.original_name)
        transaction.on_commit(partial(storage.delete, file_name))


def _next_number(tier: GrantTier) -> str:
    """Call with the tier row locked: the sequence row is then read and bumped by one caller at a time."""
    year = timezone.localdate().year
    sequence, _created = ApplicationNumberSequence.objects.select_for_update().get_or_create(tier=tier, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{tier.number_prefix}-{year}-{sequence.last_number:04d}"


def submit_application(*, actor, application: Application, attestation: str = "") -> Application:
    """Submit the draft; `attestation` is the version of the attestation text the responsible
    person ticked (applications.attestation), recorded with the submission."""
    require(
        actor, Permission.ORGANISME_RESPONSIBLE, application,
        _("Seule la personne responsable de l'organisme peut soumettre la demande. "
          "Vos modifications sont enregistrées ; elle pourra la soumettre."),
    )
    with transaction.atomic():
        tier = GrantTier.objects.select_for_update().get(pk=application.tier_id)
        application = _locked_draft(actor, application, set())
        if application.status != ApplicationStatus.DRAFT:
            raise ValidationError(_("Cette demande a déjà été soumise."), code="not_draft")
        answer = eligibility(application.organisme, tier, ignore_application=application)
        problems = [ValidationError(reason.message, code=reason.code) for reason in answer.reasons]
        problems += [ValidationError(problem, code="incomplete") for problem in submission_problems(application)]
        problems += attestation_problems(attestation)
        if problems:
            raise ValidationError(problems)
        application.number = _next_number(tier)
        application.submitted_at = timezone.now()
        move_to(
            application, ApplicationStatus.SUBMITTED, actor=actor,
            extra_fields=("number", "submitted_at"), number=application.number, attestation=attestation,
        )
        guide_url = absolute_url("programs:selection_guide", application.organisme.preferred_language, tier.code)
        _tell_members(application, "application_received", guide_url=guide_url)
    return application


def withdraw_application(*, actor, application: Application, reason: str = "") -> Application:
    require(
        actor, Permission.ORGANISME_RESPONSIBLE, application,
        _("Seule la personne responsable de l'organisme peut retirer la demande."),
    )
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("tier", "organisme").get(pk=application.pk)
        move_to(application, ApplicationStatus.WITHDRAWN, actor=actor, message=reason[:1000])
        if application.number:
            _tell_members(application, "application_withdrawn")
    return application


def queue_idle_draft_reminders(*, now=None) -> int:
    """Remind the members of every draft untouched for a week, once per period of inactivity."""
    now = now or timezone.now()
    drafts = (
        Application.objects.filter(status=ApplicationStatus.DRAFT, updated_at__lte=now - DRAFT_IDLE_AFTER)
        .select_related("organisme", "tier")
        .prefetch_related("organisme__members")
    )
    count = 0
    for application in drafts:
        with transaction.atomic():
            last_saved = timezone.localdate(application.updated_at).isoformat()
            _tell_members(application, "draft_idle", dedup_prefix=f"draft_idle:{application.pk}:{last_saved}")
        count += 1
    return count


# --- Staff: screening and reminders ----------------------------------------------------------


def screen_application(
    *, actor, application: Application, eligible: bool, message: str = "", internal_note: str = ""
) -> Application:
    """Staff screening of a submitted application: admissible (it goes on to a committee of its
    region) or not. `message` is what the organisme reads in its history and, when the
    application is not admissible, by e-mail (then required: it is the reason); `internal_note`
    stays with staff."""
    require(actor, Permission.SCREEN, application)
    message, internal_note = (message or "").strip(), (internal_note or "").strip()
    if not eligible and not message:
        raise ValidationError(
            _("Indiquez à l'organisme pourquoi la demande n'est pas admissible."), code="reason_required"
        )
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",)).select_related("organisme").get(pk=application.pk)
        )
        if eligible:
            move_to(application, ApplicationStatus.ELIGIBLE, actor=actor, message=message, internal_note=internal_note)
        else:
            application.decision_reason = message
            move_to(
                application, ApplicationStatus.INELIGIBLE, actor=actor, message=message, internal_note=internal_note,
                extra_fields=("decision_reason",),
            )
            _tell_members(application, "application_ineligible", reason=message)
    return application


VIEW_PERMISSION = "applications.view_application"


def bundle_documents(*, actor, application: Application):
    """Every document of the application as one ZIP for staff who may view it (regional staff:
    their regions only): a temporary file, rewound, that the caller streams and closes, and the
    attachments it holds. The download is in the application's trail with the names it carried."""
    require(actor, VIEW_PERMISSION, application)
    attachments = list(Attachment.objects.filter(application=application).order_by("uploaded_at", "pk"))
    bundle = document_bundle.write_bundle(attachments)
    with transaction.atomic():
        record_event(
            actor=actor, action=AuditEventType.APPLICATION_DOCUMENTS_DOWNLOADED, target=application,
            count=len(attachments), names=[attachment.original_name for attachment in attachments],
        )
    return bundle, attachments


def send_reminder(*, actor, application: Application, message: str) -> None:
    """Queue a staff reminder to every member, in the organisme's language, and keep it in the trail."""
    require(actor, Permission.SCREEN, application)
    message = (message or "").strip()
    if not message:
        raise ValidationError(_("Écrivez le message du rappel."), code="message_required")
    with transaction.atomic():
        application = Application.objects.select_related("organisme").get(pk=application.pk)
        record_event(actor=actor, action=AuditEventType.APPLICATION_REMINDER_SENT, target=application, message=message)
        _tell_members(application, "staff_reminder", message=message)
