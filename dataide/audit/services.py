from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .events import AuditEventType, check_event
from .models import AuditEvent


def record_event(*, actor, action: AuditEventType | str, target=None, **data) -> AuditEvent:
    """Record an audit event. Must run inside the transaction of the change it describes.

    `action` must be declared in dataide/audit/events.py with the data keys passed here; anything
    else is a programming error and raises UnknownAuditEvent (a ValueError), so the trail only
    ever holds events the admin knows how to read.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must be called inside the transaction of the change.")
    event_type = check_event(action, data)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=event_type.value,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        data=data,
    )
