"""What later apps have already committed of a tier, so its quota and envelope never go below it.

programs is first in the dependency chain and cannot read awards itself; the apps that make them
contribute a counter in their AppConfig.ready():

    register_tier_usage(tier_usage)

A counter takes a queryset of tiers, and `decided_between` (start, end: datetimes, end
excluded) to count only the awards decided in a program year, and returns one row per tier with
`awards` (how many places are taken) and `awarded_amount` (the money committed); applications'
`selectors.tier_usage` is one. The yearly shares (`YearShare`) never go below their year's count.
"""

from dataclasses import dataclass
from decimal import Decimal

from dataide import cache_versions

_counters = []

# The version of what pages show of tiers' usage (applications.selectors.shown_tier_usage and
# shown_year_usages): every award forgets it, and so does every change of a yearly share, which
# those pages show too.
USAGE_VERSION_KEY = "tier-usage:version"


def forget_shown_usage() -> None:
    """Pages count again, now and once the transaction is committed (cache_versions.forget)."""
    cache_versions.forget(USAGE_VERSION_KEY)


@dataclass(frozen=True)
class TierInUse:
    awards: int = 0
    awarded_amount: Decimal = Decimal(0)


def register_tier_usage(counter) -> None:
    if counter not in _counters:
        _counters.append(counter)


def tier_in_use(tier, year=None) -> TierInUse:
    """What the tier has committed in all, or in the program year `year` (programs.years)."""
    from .models import GrantTier

    decided_between = (year.start, year.end) if year is not None else None
    awards, amount = 0, Decimal(0)
    for counter in _counters:
        for row in counter(GrantTier.objects.filter(pk=tier.pk), decided_between=decided_between):
            awards += row.awards
            amount += row.awarded_amount
    return TierInUse(awards=awards, awarded_amount=amount)
