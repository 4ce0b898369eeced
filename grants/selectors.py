"""Reads of the post-award queues and of an organisme's agreement."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from applications.statuses import ApplicationStatus as S
from dataide.staff_home import first_of_queue
from programs.admin_scoping import within_regions

from .budgets import budget_versions
from .models import Agreement, Amendment, AmendmentStatus, Payment, ReportStatus
from .services import PAYABLE_STATUSES, REPORTABLE_STATUSES, approved_amendments, due_now, report_due_on

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


def payments_due():
    """Every signed agreement with money due today (its schedule's reached installments less what
    was paid), oldest signature first: [(agreement, amount due)]. One query."""
    agreements = (
        Agreement.objects.filter(signed_at__isnull=False, application__status__in=PAYABLE_STATUSES)
        .select_related("application__organisme")
        .annotate(paid=Coalesce(Sum("application__payments__amount"), Decimal(0)))
        .order_by("signed_at", "pk")
    )
    due = [(agreement, due_now(agreement, agreement.application.status, agreement.paid)) for agreement in agreements]
    return [(agreement, amount) for agreement, amount in due if amount > 0]


def ledger_of(application):
    """The organisme's view of its money: the payments (reversals included), the total paid and
    the installments still to come."""
    payments = list(Payment.objects.filter(application=application).order_by("recorded_at", "pk"))
    paid = sum((payment.amount for payment in payments), Decimal(0))
    return {"payments": payments, "paid": paid, "to_come": max((application.amount_awarded or 0) - paid, Decimal(0))}


def reports_overdue(*, today=None):
    """Signed agreements whose final report is past due and not in yet (staff follow up)."""
    today = today or timezone.localdate()
    agreements = (
        Agreement.objects.filter(signed_at__isnull=False, application__status__in=REPORTABLE_STATUSES)
        .exclude(application__final_report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
        .select_related("application__organisme")
        .order_by("signed_at")
    )
    return [agreement for agreement in agreements if report_due_on(agreement) < today]


def budget_history(application) -> list:
    """Every version of the budget, the one awarded first, for showing side by side (2 queries)."""
    return budget_versions(application, approved_amendments(application))


def amendments_of(application):
    return list(Amendment.objects.filter(application=application).order_by("-requested_at", "-pk"))


def amendments_to_decide(region_ids):
    """Pending amendment requests, the oldest first: (count, first rows) in one query."""
    queue = Amendment.objects.filter(status=AmendmentStatus.PENDING).select_related("application__organisme")
    return first_of_queue(within_regions(queue, region_ids, "application__organisme__region").order_by("requested_at", "pk"))
