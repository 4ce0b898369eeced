"""« Complément d'information demandé »: during screening staff ask the organisme for specific
information, reopen only the steps it concerns until a due date; the organisme edits those steps
(applications.services refuses the others), the responsible person resubmits (attesting again)
and the application returns to screening. Reminders go out before the due date; past it the
application waits in a staff-home panel for staff to decide (admissible or not, by screening).
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event

from .. import steps
from ..attestation import attestation_problems
from ..models import Application, InfoRequest
from ..permissions import require
from ..services import _tell_members, submission_problems
from ..statuses import ApplicationStatus as S
from ..statuses import Permission
from ..transitions import move_to

MESSAGE_MAX = 3000
# Reminders go out this many days before the due date, each once.
REMINDER_DAYS_BEFORE = (7, 2)
RESUBMITTED = _("Complément d'information envoyé ; la vérification reprend.")


def open_request(application) -> InfoRequest | None:
    return InfoRequest.objects.filter(application=application, answered_at__isnull=True).first()


def _request_context(application, request: InfoRequest) -> dict:
    titles = [str(step.title) for step in steps.steps_for(application.tier) if step.slug in request.steps]
    return {"message": request.message, "step_titles": titles, "due_on": request.due_on}


def request_information(*, actor, application: Application, message: str, step_slugs, due_on) -> InfoRequest:
    """Ask for information and reopen `step_slugs` (of the application's tier) until `due_on`."""
    require(actor, Permission.SCREEN, application)
    message = (message or "").strip()
    problems = []
    if not message:
        problems.append(ValidationError(_("Écrivez l'information demandée à l'organisme."), code="message_required"))
    elif len(message) > MESSAGE_MAX:
        problems.append(ValidationError(
            _("Le message compte au plus %(count)s caractères.") % {"count": MESSAGE_MAX}, code="message_too_long"
        ))
    known = [step.slug for step in steps.steps_for(application.tier)]
    chosen = [slug for slug in known if slug in set(step_slugs or ())]
    if not chosen or len(chosen) != len(set(step_slugs)):
        problems.append(ValidationError(
            _("Choisissez une ou plusieurs étapes du formulaire de ce volet à rouvrir."), code="steps_invalid"
        ))
    if due_on is None or due_on <= timezone.localdate():
        problems.append(ValidationError(_("La date limite doit être après aujourd'hui."), code="due_on_invalid"))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",)).select_related("organisme", "tier").get(pk=application.pk)
        )
        move_to(
            application, S.INFO_REQUESTED, actor=actor, message=message, steps=chosen, due_on=due_on.isoformat(),
        )
        request = InfoRequest.objects.create(
            application=application, message=message, steps=chosen, due_on=due_on, requested_by=actor,
        )
        _tell_members(application, "info_requested", **_request_context(application, request))
    return request


def resubmit_application(*, actor, application: Application, attestation: str = "") -> Application:
    """The responsible person sends the completed application back to screening, attesting again."""
    require(
        actor, Permission.ORGANISME_RESPONSIBLE, application,
        _("Seule la personne responsable de l'organisme peut soumettre de nouveau la demande. "
          "Vos modifications sont enregistrées ; elle pourra la soumettre."),
    )
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",)).select_related("organisme", "tier").get(pk=application.pk)
        )
        request = InfoRequest.objects.select_for_update().filter(application=application, answered_at__isnull=True).first()
        if application.status != S.INFO_REQUESTED or request is None:
            raise ValidationError(_("Aucun complément d'information n'est demandé pour cette demande."), code="no_request")
        problems = [ValidationError(problem, code="incomplete") for problem in submission_problems(application)]
        problems += attestation_problems(attestation)
        if problems:
            raise ValidationError(problems)
        request.answered_at = timezone.now()
        request.save(update_fields=["answered_at"])
        move_to(application, S.SCREENING, actor=actor, message=RESUBMITTED, attestation=attestation)
    return application


def _reminder_due(request: InfoRequest, today) -> int | None:
    """The reminder to send today (days before the due date), or None: each goes out once, and a
    task that ran late sends only the latest reached."""
    reached = [days for days in REMINDER_DAYS_BEFORE if today >= request.due_on - timedelta(days=days)]
    if not reached or today > request.due_on:
        return None
    latest = min(reached)
    if request.last_reminder_days is not None and request.last_reminder_days <= latest:
        return None
    return latest


def queue_info_request_reminders(*, now=None) -> int:
    """Remind the organismes whose requested information is not in yet (beat task)."""
    today = timezone.localdate(now or timezone.now())
    candidates = InfoRequest.objects.filter(
        answered_at__isnull=True, application__status=S.INFO_REQUESTED, due_on__gte=today,
        due_on__lte=today + timedelta(days=max(REMINDER_DAYS_BEFORE)),
    ).values_list("pk", flat=True)
    count = 0
    for pk in candidates:
        with transaction.atomic():
            request = InfoRequest.objects.select_for_update().select_related("application__organisme", "application__tier").get(pk=pk)
            days = _reminder_due(request, today)
            if days is None:
                continue  # already sent, by this run's predecessor or another worker
            request.last_reminder_days = days
            request.save(update_fields=["last_reminder_days"])
            application = request.application
            _tell_members(
                application, "info_request_reminder", dedup_prefix=f"info_request_reminder:{request.pk}:{days}",
                **_request_context(application, request),
            )
            record_event(
                actor=None, action=AuditEventType.APPLICATION_INFO_REMINDER_SENT, target=application, days_before=days
            )
        count += 1
    return count

