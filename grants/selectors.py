"""Reads of the post-award queues and of an organisme's agreement."""

from datetime import timedelta

from django.utils import timezone

from applications.statuses import ApplicationStatus as S

from .models import Agreement

STAFF_QUEUE_UNSIGNED_AFTER_DAYS = 30


def agreements_unsigned_too_long(*, now=None):
    """Agreements still unsigned 30 days after they were generated: staff follow up."""
    now = now or timezone.now()
    return (
        Agreement.objects.filter(
            signed_at__isnull=True, application__status=S.AWARDED,
            generated_at__lte=now - timedelta(days=STAFF_QUEUE_UNSIGNED_AFTER_DAYS),
        )
        .select_related("application__organisme", "application__tier")
        .order_by("generated_at")
    )
