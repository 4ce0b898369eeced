from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    FilteredRelation,
    Q,
    Sum,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from programs.models import GrantTier

from .models import Application
from .statuses import AWARDED_STATUSES


@dataclass(frozen=True)
class TierUsage:
    tier: GrantTier
    awards: int
    awarded_amount: Decimal

    @property
    def places_left(self) -> int:
        return max(self.tier.quota - self.awards, 0)

    @property
    def budget_left(self) -> Decimal:
        return max(self.tier.budget_envelope - self.awarded_amount, Decimal(0))


def tier_usage(tiers=None) -> list[TierUsage]:
    """Awards and money used per tier, in one query whatever the number of applications."""
    tiers = tiers if tiers is not None else GrantTier.objects.all()
    if not tiers.query.order_by:
        # Django leaves Meta.ordering out of GROUP BY queries: keep the tiers in their order.
        tiers = tiers.order_by(*GrantTier._meta.ordering)
    # The status condition goes into the JOIN (not an aggregate FILTER): PostgreSQL then reads
    # only the awarded rows through the status index instead of every application (issue 8).
    queryset = tiers.annotate(
        awarded_applications=FilteredRelation("applications", condition=Q(applications__status__in=AWARDED_STATUSES)),
    ).annotate(
        awards=Count("awarded_applications"),
        awarded_amount=Coalesce(
            Sum("awarded_applications__amount_awarded"),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
    )
    return [TierUsage(tier=tier, awards=tier.awards, awarded_amount=tier.awarded_amount) for tier in queryset]


def usage_of(tier: GrantTier) -> TierUsage:
    """One tier's usage, counted as `tier_usage` counts it (decisions count under the tier's lock)."""
    return tier_usage(GrantTier.objects.filter(pk=tier.pk))[0]


def applications_of(organisme):
    return Application.objects.filter(organisme=organisme).select_related("tier").order_by("-created_at", "-pk")


def with_page_details(application: Application) -> Application:
    """Load once what the application page and the PDF show (a fixed number of queries)."""
    prefetch_related_objects([application], "status_changes", "budget_lines", "partners", "attachments")
    return application
