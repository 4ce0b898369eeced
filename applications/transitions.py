"""The one function that moves an application's status.

Services call `move_to` inside their transaction, on a row they locked: it checks the move and
its permission against the status table (statuses.STATUSES), saves the status, writes the
timeline and the audit trail. No other code sets `status`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from dataide.audit.events import STATUS_EVENTS
from dataide.audit.services import record_event
from programs.usage import forget_shown_usage

from .models import Application, StatusChange
from .permissions import actor_may
from .statuses import AWARDED_STATUSES, move_permissions
from .statuses import ApplicationStatus as S


def can_move(application: Application, to_status: str) -> bool:
    return bool(move_permissions(application.status, to_status))


def move_to(
    application: Application, to_status: str, *, actor, message: str = "", internal_note: str = "",
    extra_fields=(), **audit_data,
):
    """Move a locked application to `to_status`; raise ValidationError for a move the table does
    not allow and PermissionDenied when the actor lacks the move's permission. `message` is shown
    to the organisme in its history; `internal_note` only to staff."""
    permissions = move_permissions(application.status, to_status)
    if not permissions:
        raise ValidationError(
            _("Cette demande ne peut pas passer de « %(from)s » à « %(to)s ».")
            % {"from": S(application.status).label, "to": S(to_status).label},
            code="invalid_transition",
        )
    if not any(actor_may(actor, permission, application) for permission in permissions):
        raise PermissionDenied
    from_status = application.status
    application.status = to_status
    application.save(update_fields=["status", "updated_at", *extra_fields])
    StatusChange.objects.create(
        application=application, from_status=from_status, to_status=to_status, actor=actor,
        message=message, internal_note=internal_note,
    )
    record_event(
        actor=actor, action=STATUS_EVENTS[to_status], target=application, from_status=from_status, **audit_data
    )
    if (from_status in AWARDED_STATUSES) != (to_status in AWARDED_STATUSES):
        forget_shown_usage()  # an award came or went: the pages' counts (shown_tier_usage) are stale
    return application
