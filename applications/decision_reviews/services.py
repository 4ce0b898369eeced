"""Demandes de révision: the organisme asks (`request_review`), a staff member who took no part
in the decision answers (`resolve_review`): the decision is upheld, or the application is sent
back — a decline to its committee (« en évaluation »), an ineligibility to screening's end
(« admissible », to be given to a committee). The organisme is e-mailed at each step."""

from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event
from dataide.i18n import absolute_url
from organismes.services import notify_members

from ..decisions import DECISION_FIELDS
from ..models import Application, StatusChange
from ..permissions import require
from ..statuses import OPEN_STATUSES, ApplicationStatus, Permission
from ..transitions import move_to
from .models import DecisionReview, ReviewOutcome

REQUEST_DAYS = 30
"""The organisme may ask through the 30th day after the decision (its date, Quebec time)."""
ANSWER_DAYS = 30
"""Staff aim to answer within 30 days of the request (the staff queue counts them down)."""
REVIEWABLE = {ApplicationStatus.DECLINED: ApplicationStatus.IN_REVIEW, ApplicationStatus.INELIGIBLE: ApplicationStatus.ELIGIBLE}
"""The decisions a review is for, and where sending one back takes the application."""

# Later apps know who else took part in a decision (committees: the members who scored); this
# app cannot import them, so each registers `participants(application) -> set of user ids`.
_participants: list[Callable] = []


def register_decision_participants(participants: Callable) -> None:
    if participants not in _participants:
        _participants.append(participants)


def decision_of(application: Application) -> StatusChange | None:
    """The status change that made the current decline or ineligibility."""
    if application.status not in REVIEWABLE:
        return None
    return application.status_changes.filter(to_status=application.status).order_by("-created_at", "-pk").first()


def request_deadline(decision: StatusChange):
    return timezone.localdate(decision.created_at) + timedelta(days=REQUEST_DAYS)


def answer_deadline(review: DecisionReview):
    return timezone.localdate(review.requested_at) + timedelta(days=ANSWER_DAYS)


def _tell(application: Application, template: str, **context) -> None:
    language = application.organisme.preferred_language
    notify_members(
        organisme=application.organisme,
        template=template,
        context={"application": application, "application_url": absolute_url("applications:detail", language, application.pk), **context},
        about=application,
    )


def request_review(*, actor, application: Application, reason: str, today=None) -> DecisionReview:
    """The responsible person asks for a review of a decline or an ineligibility, with a reason,
    through day REQUEST_DAYS after the decision; once per decision."""
    require(actor, Permission.ORGANISME_RESPONSIBLE, application,
            _("Seule la personne responsable de l'organisme peut demander une révision."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Expliquez pourquoi la décision devrait être revue.")}, code="required")
    with transaction.atomic():
        application = Application.objects.select_for_update(of=("self",)).select_related("organisme").get(pk=application.pk)
        decision = decision_of(application)
        if decision is None:
            raise ValidationError(_("Seul un refus ou une décision de non-admissibilité peut être revu."), code="not_reviewable")
        deadline = request_deadline(decision)
        if (today or timezone.localdate()) > deadline:
            raise ValidationError(
                _("Le délai de %(days)s jours pour demander une révision est passé (il finissait le %(date)s).")
                % {"days": REQUEST_DAYS, "date": date_format(deadline, "DATE_FORMAT")},
                code="too_late",
            )
        if DecisionReview.objects.filter(decision=decision).exists():
            raise ValidationError(_("Une révision de cette décision a déjà été demandée."), code="already_requested")
        review = DecisionReview.objects.create(application=application, decision=decision, requested_by=actor, reason=reason)
        record_event(actor=actor, action=AuditEventType.DECISION_REVIEW_REQUESTED, target=application, review=review.pk, reason=reason)
        _tell(application, "decision_review_received", answer_by=answer_deadline(review))
    return review


def _require_independent(actor, review: DecisionReview) -> None:
    """Whoever took the decision, or judged the application on its committee, does not review it."""
    involved = {review.decision.actor_id, review.application.decided_by_id}
    for participants in _participants:
        involved |= set(participants(review.application))
    if actor.pk in involved:
        raise PermissionDenied(
            _("Vous avez pris part à la décision (ou siégez au comité qui l'a évaluée) : une autre personne doit la revoir.")
        )


def resolve_review(*, actor, review: DecisionReview, outcome: str, response: str) -> DecisionReview:
    """Uphold the decision or send the application back; `response` is what the organisme reads."""
    with transaction.atomic():
        review = DecisionReview.objects.select_for_update(of=("self",)).select_related("decision").get(pk=review.pk)
        application = Application.objects.select_for_update(of=("self",)).select_related("organisme").get(pk=review.application_id)
        review.application = application
        require(actor, Permission.REVIEW, application)
        _require_independent(actor, review)
        if not review.is_pending:
            raise ValidationError(_("Cette demande de révision a déjà reçu une réponse."), code="already_resolved")
        if outcome not in (ReviewOutcome.UPHELD, ReviewOutcome.SENT_BACK):
            raise ValidationError({"outcome": _("Choisissez l'issue de la révision.")}, code="required")
        response = (response or "").strip()
        if not response:
            raise ValidationError({"response": _("Écrivez la réponse à l'organisme.")}, code="required")
        if outcome == ReviewOutcome.SENT_BACK:
            _send_back(actor, application, response)
        review.outcome, review.response = outcome, response
        review.handled_by, review.handled_at = actor, timezone.now()
        review.save(update_fields=["outcome", "response", "handled_by", "handled_at"])
        record_event(actor=actor, action=AuditEventType.DECISION_REVIEW_RESOLVED, target=application, review=review.pk, outcome=outcome)
        _tell(application, "decision_review_resolved", outcome=outcome, response=response)
    return review


def _send_back(actor, application: Application, response: str) -> None:
    if (
        Application.objects.filter(organisme=application.organisme_id, tier=application.tier_id, status__in=OPEN_STATUSES)
        .exclude(pk=application.pk)
        .exists()
    ):
        raise ValidationError(
            _("L'organisme a déjà une autre demande en cours dans ce volet : elle ne peut pas être renvoyée à l'évaluation."),
            code="other_open_application",
        )
    application.amount_awarded = None
    application.decided_at = None
    application.decided_by = None
    application.decision_reason = ""
    move_to(application, REVIEWABLE[application.status], actor=actor, message=response, extra_fields=DECISION_FIELDS)
