"""Reads of the outbox."""

from dataide.staff_home import CompiledQueue

from .models import MessageStatus, OutboxMessage

_FAILED = CompiledQueue(
    lambda: OutboxMessage.objects.filter(status=MessageStatus.FAILED)
    .only("subject", "template", "recipient_email")  # what the panel shows, not the messages' bodies and context
    .order_by("-created_at", "-pk")
)


def failed_messages():
    """Messages whose delivery failed for good, the most recent first: (count, first rows)."""
    return _FAILED.first()
