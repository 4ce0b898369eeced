"""Reads of impact information: the organisme's own, and staff's aggregates."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from applications.statuses import AWARDED_STATUSES

from .models import ImpactShare, Indicator

# Staff see impact only in totals over at least this many organismes, so that no total points at
# one organisme (the privacy page promises it).
MIN_ORGANISMES = 5


def shares_of(organisme):
    return ImpactShare.objects.filter(organisme=organisme).select_related("indicator", "application")


def funded_applications(organisme):
    from applications.models import Application

    return Application.objects.filter(organisme=organisme, status__in=AWARDED_STATUSES).order_by("-decided_at", "pk")


@dataclass(frozen=True)
class Aggregate:
    indicator: Indicator
    organismes: int
    total: Decimal | None
    shown: bool


def aggregates() -> list[Aggregate]:
    """One row per offered indicator; the figures of an indicator shared by fewer than
    MIN_ORGANISMES organismes are not computed into the page at all."""
    rows = {
        row["indicator"]: row
        for row in ImpactShare.objects.filter(indicator__isnull=False).values("indicator").annotate(
            organismes=Count("organisme", distinct=True), total=Sum("value")
        )
    }
    result = []
    for indicator in Indicator.objects.filter(active=True):
        row = rows.get(indicator.pk, {"organismes": 0, "total": None})
        shown = row["organismes"] >= MIN_ORGANISMES
        result.append(Aggregate(
            indicator=indicator, organismes=row["organismes"] if shown else 0,
            total=row["total"] if shown else None, shown=shown,
        ))
    return result
