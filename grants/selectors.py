"""Reads of the post-award queues, of an organisme's agreement and of the money per tier."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from applications.selectors import shown_tier_usage, tier_usage
from applications.statuses import ApplicationStatus as S
from dataide.compiled import CompiledCount, CompiledQuery
from dataide.staff_home import CompiledQueue
from programs.admin_scoping import within_regions
from programs.models import GrantTier

from .budgets import budget_versions
from .models import Agreement, Amendment, AmendmentStatus, FinalReport, Payment, ReportStatus
from .services import PAYABLE_STATUSES, REPORTABLE_STATUSES, approved_amendments, due_now, report_due_on

STAFF_QUEUE_UNSIGNED_AFTER_DAYS = 30


REGION = "application__region"
REPORT_DUE_SOON_DAYS = 30


def _late_since(now=None):
    """Generated then or before, an agreement still unsigned is followed up."""
    return (now or timezone.now()) - timedelta(days=STAFF_QUEUE_UNSIGNED_AFTER_DAYS)


def _generated_by(moment):
    """True for an agreement generated at `moment` or before (read in the query of its rows)."""
    return ExpressionWrapper(Q(generated_at__lte=moment), output_field=BooleanField())


def _unsigned_too_long(now=None):
    """True for an agreement generated 30 days ago or more."""
    return _generated_by(_late_since(now))


def agreements_to_sign(region_ids=None, *, now=None):
    """Agreements waiting for the organisme's signature, the oldest first (within `region_ids`),
    each flagged `unsigned_too_long` when it was generated 30 days ago or more: staff follow up
    (the flag is read in the same query as the rows)."""
    queryset = Agreement.objects.filter(signed_at__isnull=True, application__status=S.AWARDED).annotate(
        unsigned_too_long=_unsigned_too_long(now)
    )
    return within_regions(queryset, region_ids, REGION).select_related("application__organisme", "application__tier").order_by(
        "generated_at", "pk"
    )


def agreements_unsigned_too_long(*, now=None, region_ids=None):
    """Agreements still unsigned 30 days after they were generated: staff follow up."""
    return agreements_to_sign(region_ids, now=now).filter(unsigned_too_long=True)


@dataclass(frozen=True)
class AgreementQueues:
    """The post-award queues that read agreements, from one query of the agreements in them."""

    to_sign: list
    """Agreements waiting for the organisme's signature, the oldest first, each flagged
    `unsigned_too_long` (as `agreements_to_sign` flags them)."""
    payments_due: list
    """[(agreement, amount due today)]: its schedule's reached installments less what was paid,
    oldest signature first."""
    reports_not_in: list
    """[(agreement, due on)]: signed agreements whose final report is not in yet, soonest due first."""


_QUEUE_COLUMNS = (
    "application", "schedule", "report_due_months", "generated_at", "signed_at",
    "application__status", "application__number", "application__organisme", "application__organisme__legal_name",
)


def _queue_agreements(region_ids, late_since):
    reports_in = FinalReport.objects.filter(
        application=OuterRef("application"), status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
    )
    # Filtered on the status alone, then split below: an OR of (status, signature) pairs took the
    # planner several milliseconds over the applications' indexes.
    return (
        within_regions(Agreement.objects.filter(application__status__in=[S.AWARDED, *PAYABLE_STATUSES]), region_ids, REGION)
        # Only what the queues and their panels read (file_label, the schedule, the dates).
        .select_related("application__organisme")
        .only(*_QUEUE_COLUMNS)
        .annotate(
            unsigned_too_long=_generated_by(late_since), report_in=Exists(reports_in),
            # A subquery per row rather than a join grouped by every selected column.
            paid=Coalesce(
                Subquery(
                    Payment.objects.filter(application=OuterRef("application")).order_by()
                    .values("application").annotate(total=Sum("amount")).values("total")
                ),
                Decimal(0),
            ),
        )
        .order_by("generated_at", "pk")
    )


# Building the query of three wide tables cost more than running it: compiled once per shape.
_QUEUE_AGREEMENTS = CompiledQuery(_queue_agreements)


def agreement_queues(region_ids=None, *, now=None) -> AgreementQueues:
    """The three queues in ONE query: the staff home and the dashboard show them side by side,
    and the agreements of the three are the awarded ones, a few hundred at most."""
    agreements = _QUEUE_AGREEMENTS.run(region_ids=region_ids, late_since=_late_since(now))
    to_sign = [a for a in agreements if not a.is_signed and a.application.status == S.AWARDED]
    signed = [a for a in agreements if a.is_signed and a.application.status in PAYABLE_STATUSES]
    signed.sort(key=lambda agreement: (agreement.signed_at, agreement.pk))
    due = [(agreement, due_now(agreement, agreement.application.status, agreement.paid)) for agreement in signed]
    reports = [
        (agreement, report_due_on(agreement)) for agreement in signed
        if agreement.application.status in REPORTABLE_STATUSES and not agreement.report_in
    ]
    return AgreementQueues(
        to_sign=to_sign,
        payments_due=[(agreement, amount) for agreement, amount in due if amount > 0],
        reports_not_in=sorted(reports, key=lambda pair: (pair[1], pair[0].pk)),
    )


def payments_due(region_ids=None):
    """Every signed agreement with money due today: [(agreement, amount due)]. One query."""
    return agreement_queues(region_ids).payments_due


def ledger_of(application):
    """The organisme's view of its money: the payments (reversals included), the total paid and
    the installments still to come."""
    payments = list(Payment.objects.filter(application=application).order_by("recorded_at", "pk"))
    paid = sum((payment.amount for payment in payments), Decimal(0))
    return {"payments": payments, "paid": paid, "to_come": max((application.amount_awarded or 0) - paid, Decimal(0))}


def reports_not_in(region_ids=None) -> list[tuple]:
    """Signed agreements whose final report is not in yet: [(agreement, due on)]. One query."""
    return agreement_queues(region_ids).reports_not_in


def reports_overdue(*, today=None, region_ids=None):
    """Signed agreements whose final report is past due and not in yet (staff follow up)."""
    today = today or timezone.localdate()
    return [agreement for agreement, due_on in reports_not_in(region_ids) if due_on < today]


def reports_due_soon_or_overdue(*, today=None, region_ids=None) -> list[tuple]:
    """The reports not in yet that are overdue or due within 30 days, the soonest due first."""
    return due_soon_or_overdue(reports_not_in(region_ids), today or timezone.localdate())


def due_soon_or_overdue(reports_not_in_yet, today) -> list[tuple]:
    """Of [(agreement, due on)], those overdue or due within 30 days."""
    return [(a, due_on) for a, due_on in reports_not_in_yet if due_on <= today + timedelta(days=REPORT_DUE_SOON_DAYS)]


# --- Money per tier: committed, paid, remaining --------------------------------------------------


@dataclass(frozen=True)
class TierMoney:
    """One tier's envelope and what the ledgers say of it. `committed` is the amount awarded
    (applications.selectors.tier_usage, the one count of awards), `paid` the sum of the payment
    ledger (reversals are negative lines, so it is net of them). Within regions (regional staff),
    both are their regions' share, while `program_committed` stays the whole program's: one
    envelope serves every region, so what is left of it depends on every region's awards."""

    tier: GrantTier
    awards: int
    committed: Decimal
    paid: Decimal
    program_committed: Decimal

    @property
    def envelope(self) -> Decimal:
        return self.tier.budget_envelope

    @property
    def to_pay(self) -> Decimal:
        """Committed but not paid yet."""
        return self.committed - self.paid

    @property
    def envelope_left(self) -> Decimal:
        """The envelope not committed yet (what is left to award, program-wide)."""
        return self.envelope - self.program_committed


def _committed(tiers, between, region_ids):
    """The awards per tier as `tier_usage` counts them. To date and program-wide (the dashboard's
    « Après l'octroi » and the money page, on every visit) from the pages' cache, which any award
    or its undoing retires (`shown_tier_usage`): counting reads every awarded application."""
    if between is None and region_ids is None:
        return shown_tier_usage(tiers)
    return tier_usage(tiers, decided_between=between, region_ids=region_ids)


def _paid_per_tier(program_pk, region_ids, start, end):
    """(tier id, amount paid) of the program's ledgers, to organismes of `region_ids` when given,
    paid on a day from `start` to `end` (excluded) when given."""
    payments = within_regions(Payment.objects.filter(application__tier__program_id=program_pk), region_ids, REGION)
    if start is not None:
        payments = payments.filter(Q(paid_on__gte=start, paid_on__lt=end))
    return payments.order_by().values_list("application__tier").annotate(total=Coalesce(Sum("amount"), Decimal(0)))


# « Après l'octroi » and the money page on every visit: building the aggregate cost more than
# PostgreSQL's answer (dataide.compiled).
_PAID_PER_TIER = CompiledQuery(_paid_per_tier)


def money_by_tier(program, *, between=None, region_ids=None) -> list[TierMoney]:
    """Per tier of `program`: awards and amount committed (decided in `between`, a (start, end)
    pair of datetimes, end excluded, when given) and amount paid (paid on a day in it), to
    organismes of `region_ids` when given. Two queries whatever the number of grants and
    payments, three within regions (the program-wide commitments for the envelope left)."""
    tiers = GrantTier.objects.filter(program=program)
    usage = _committed(tiers, between, region_ids)
    program_usage = usage if region_ids is None else _committed(tiers, between, None)
    program_committed = {row.tier.pk: row.awarded_amount for row in program_usage}
    start, end = (timezone.localdate(moment) for moment in between) if between is not None else (None, None)
    paid = dict(_PAID_PER_TIER.run(program_pk=program.pk, region_ids=region_ids, start=start, end=end))
    return [
        TierMoney(
            tier=row.tier, awards=row.awards, committed=row.awarded_amount, paid=paid.get(row.tier.pk, Decimal(0)),
            program_committed=program_committed[row.tier.pk],
        )
        for row in usage
    ]


def budget_history(application) -> list:
    """Every version of the budget, the one awarded first, for showing side by side (2 queries)."""
    return budget_versions(application, approved_amendments(application))


def amendments_of(application):
    return list(Amendment.objects.filter(application=application).order_by("-requested_at", "-pk"))


def _pending_amendments(region_ids):
    return within_regions(Amendment.objects.filter(status=AmendmentStatus.PENDING), region_ids, REGION)


_AMENDMENTS_TO_DECIDE = CompiledQueue(
    lambda region_ids: _pending_amendments(region_ids).select_related("application__organisme").order_by("requested_at", "pk")
)
_PENDING_AMENDMENTS = CompiledCount(_pending_amendments)


def amendments_to_decide(region_ids):
    """Pending amendment requests, the oldest first: (count, first rows) in one query."""
    return _AMENDMENTS_TO_DECIDE.first(region_ids=region_ids)


# --- The post-award queues of the program dashboard ----------------------------------------------


@dataclass(frozen=True)
class AfterAwardQueues:
    """How many files wait at each post-award step (within regions for regional staff): the
    same selectors as the staff home's panels, counted."""

    to_sign: int
    unsigned_too_long: int
    to_pay: int
    amount_due: Decimal
    reports_due_soon: int
    reports_overdue: int
    amendments: int


def after_award_queues(region_ids=None, *, today=None) -> AfterAwardQueues:
    """Two queries whatever the number of grants."""
    today = today or timezone.localdate()
    agreements = agreement_queues(region_ids)
    due = agreements.payments_due
    reports = [due_on for _agreement, due_on in agreements.reports_not_in]
    return AfterAwardQueues(
        to_sign=len(agreements.to_sign),
        unsigned_too_long=sum(agreement.unsigned_too_long for agreement in agreements.to_sign),
        to_pay=len(due),
        amount_due=sum((amount for _agreement, amount in due), Decimal(0)),
        reports_due_soon=sum(today <= due_on <= today + timedelta(days=REPORT_DUE_SOON_DAYS) for due_on in reports),
        reports_overdue=sum(due_on < today for due_on in reports),
        amendments=_PENDING_AMENDMENTS.count(region_ids=region_ids),
    )
