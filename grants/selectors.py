"""Reads of the post-award queues, of an organisme's agreement and of the money per tier."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import BooleanField, ExpressionWrapper, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from applications.selectors import tier_usage
from applications.statuses import ApplicationStatus as S
from dataide.staff_home import first_of_queue
from programs.admin_scoping import within_regions
from programs.models import GrantTier

from .budgets import budget_versions
from .models import Agreement, Amendment, AmendmentStatus, Payment, ReportStatus
from .services import PAYABLE_STATUSES, REPORTABLE_STATUSES, approved_amendments, due_now, report_due_on

STAFF_QUEUE_UNSIGNED_AFTER_DAYS = 30


REGION = "application__region"
REPORT_DUE_SOON_DAYS = 30


def agreements_to_sign(region_ids=None):
    """Agreements waiting for the organisme's signature, the oldest first (within `region_ids`)."""
    queryset = Agreement.objects.filter(signed_at__isnull=True, application__status=S.AWARDED)
    return within_regions(queryset, region_ids, REGION).select_related("application__organisme", "application__tier").order_by(
        "generated_at", "pk"
    )


def _unsigned_too_long(now=None) -> Q:
    now = now or timezone.now()
    return Q(generated_at__lte=now - timedelta(days=STAFF_QUEUE_UNSIGNED_AFTER_DAYS))


def agreements_unsigned_too_long(*, now=None, region_ids=None):
    """Agreements still unsigned 30 days after they were generated: staff follow up."""
    return agreements_to_sign(region_ids).filter(_unsigned_too_long(now))


def agreements_to_sign_flagged(region_ids=None):
    """`agreements_to_sign`, each row with `unsigned_too_long` (the same rule as above), so the
    staff home flags its rows in the query that lists them."""
    return agreements_to_sign(region_ids).annotate(
        unsigned_too_long=ExpressionWrapper(_unsigned_too_long(), output_field=BooleanField())
    )


def payments_due(region_ids=None):
    """Every signed agreement with money due today (its schedule's reached installments less what
    was paid), oldest signature first: [(agreement, amount due)]. One query."""
    agreements = (
        within_regions(Agreement.objects, region_ids, REGION)
        .filter(signed_at__isnull=False, application__status__in=PAYABLE_STATUSES)
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


def reports_not_in(region_ids=None) -> list[tuple]:
    """Signed agreements whose final report is not in yet, with its due date, the soonest due
    first: [(agreement, due on)]. One query."""
    agreements = (
        within_regions(Agreement.objects, region_ids, REGION)
        .filter(signed_at__isnull=False, application__status__in=REPORTABLE_STATUSES)
        .exclude(application__final_report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
        .select_related("application__organisme")
    )
    return sorted(((agreement, report_due_on(agreement)) for agreement in agreements), key=lambda pair: (pair[1], pair[0].pk))


def reports_overdue(*, today=None, region_ids=None):
    """Signed agreements whose final report is past due and not in yet (staff follow up)."""
    today = today or timezone.localdate()
    return [agreement for agreement, due_on in reports_not_in(region_ids) if due_on < today]


def reports_due_soon_or_overdue(*, today=None, region_ids=None) -> list[tuple]:
    """The reports not in yet that are overdue or due within 30 days, the soonest due first."""
    today = today or timezone.localdate()
    return [(a, due_on) for a, due_on in reports_not_in(region_ids) if due_on <= today + timedelta(days=REPORT_DUE_SOON_DAYS)]


# --- Money per tier: committed, paid, remaining --------------------------------------------------


@dataclass(frozen=True)
class TierMoney:
    """One tier's envelope and what the ledgers say of it. `committed` is the amount awarded
    (applications.selectors.tier_usage, the one count of awards), `paid` the sum of the payment
    ledger (reversals are negative lines, so it is net of them)."""

    tier: GrantTier
    awards: int
    committed: Decimal
    paid: Decimal

    @property
    def envelope(self) -> Decimal:
        return self.tier.budget_envelope

    @property
    def to_pay(self) -> Decimal:
        """Committed but not paid yet."""
        return self.committed - self.paid

    @property
    def envelope_left(self) -> Decimal:
        """The envelope not committed yet (what is left to award)."""
        return self.envelope - self.committed


def money_by_tier(program, *, between=None) -> list[TierMoney]:
    """Per tier of `program`: awards and amount committed (decided in `between`, a (start, end)
    pair of datetimes, end excluded, when given) and amount paid (paid on a day in it). Two
    queries whatever the number of grants and payments."""
    tiers = GrantTier.objects.filter(program=program)
    usage = tier_usage(tiers, decided_between=between)
    payments = Payment.objects.filter(application__tier__program=program)
    if between is not None:
        start, end = (timezone.localdate(moment) for moment in between)
        payments = payments.filter(Q(paid_on__gte=start, paid_on__lt=end))
    paid = dict(
        payments.order_by().values_list("application__tier").annotate(total=Coalesce(Sum("amount"), Decimal(0)))
    )
    return [
        TierMoney(tier=row.tier, awards=row.awards, committed=row.awarded_amount, paid=paid.get(row.tier.pk, Decimal(0)))
        for row in usage
    ]



def budget_history(application) -> list:
    """Every version of the budget, the one awarded first, for showing side by side (2 queries)."""
    return budget_versions(application, approved_amendments(application))


def amendments_of(application):
    return list(Amendment.objects.filter(application=application).order_by("-requested_at", "-pk"))


def amendments_to_decide(region_ids):
    """Pending amendment requests, the oldest first: (count, first rows) in one query."""
    queue = Amendment.objects.filter(status=AmendmentStatus.PENDING).select_related("application__organisme")
    return first_of_queue(within_regions(queue, region_ids, REGION).order_by("requested_at", "pk"))
