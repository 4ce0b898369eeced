"""The allowed moves of an application's status, and the one function that makes a move.

Services call `move_to` inside their transaction, on a row they locked: it checks the move is
allowed, saves the status, writes the timeline and the audit trail. No other code sets `status`.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dataide.audit.events import STATUS_EVENTS
from dataide.audit.services import record_event

from .models import Application, StatusChange
from .models import ApplicationStatus as S

ALLOWED_MOVES = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.SCREENING, S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN},
    S.SCREENING: {S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN},
    S.ELIGIBLE: {S.IN_REVIEW, S.INELIGIBLE, S.WITHDRAWN},
    S.IN_REVIEW: {S.AWARDED, S.DECLINED, S.WAITLISTED, S.WITHDRAWN},
    S.WAITLISTED: {S.AWARDED, S.DECLINED, S.WITHDRAWN},
    # Cancelling an award puts the application back to the committee's result list.
    S.AWARDED: {S.AGREEMENT, S.IN_REVIEW},
    S.AGREEMENT: {S.PAID},
    S.PAID: {S.REPORT_RECEIVED, S.CLOSED},
    S.REPORT_RECEIVED: {S.CLOSED},
    S.INELIGIBLE: set(),
    S.DECLINED: set(),
    S.WITHDRAWN: set(),
    S.CLOSED: set(),
}


def can_move(application: Application, to_status: str) -> bool:
    return to_status in ALLOWED_MOVES[S(application.status)]


def move_to(application: Application, to_status: str, *, actor, note: str = "", extra_fields=(), **audit_data):
    """Move a locked application to `to_status`; raise ValidationError for a move not allowed."""
    if not can_move(application, to_status):
        raise ValidationError(
            _("Cette demande ne peut pas passer de « %(from)s » à « %(to)s ».")
            % {"from": S(application.status).label, "to": S(to_status).label},
            code="invalid_transition",
        )
    from_status = application.status
    application.status = to_status
    application.save(update_fields=["status", "updated_at", *extra_fields])
    StatusChange.objects.create(
        application=application, from_status=from_status, to_status=to_status, actor=actor, note=note
    )
    record_event(
        actor=actor, action=STATUS_EVENTS[to_status], target=application, from_status=from_status, **audit_data
    )
    return application
