"""Reads of the outbox."""

from dataide.staff_home import first_of_queue

from .models import MessageStatus, OutboxMessage


def failed_messages():
    """Messages whose delivery failed for good, the most recent first: (count, first rows)."""
    return first_of_queue(OutboxMessage.objects.filter(status=MessageStatus.FAILED).order_by("-created_at", "-pk"))
