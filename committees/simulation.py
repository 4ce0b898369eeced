"""The staff's simulation before deciding: fund the top N of each region's committee ranking in
one tier, and see the places and money that would be left (the year's share and the whole
quota) and how the awards would split across regions.

It reads and never writes: the ranking is the results page's (`aggregation.ranking_key`, then
the published tie-break), and each simulated award passes `applications.decisions.check_award`,
the rule real decisions pass, with the usage the earlier simulated awards would leave. The
requested amount stands for the amount awarded. Regions take turns by rank (every region's
first, then every region's second…, regions in the order of their codes), so a share that runs
out does not go to one region's whole list first."""

from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import zip_longest

from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.decisions import check_award
from applications.models import Application
from applications.selectors import TierUsage, YearUsage, usage_of, year_usage_of
from applications.statuses import ApplicationStatus
from applications.waitlist import tie_break

from .aggregation import ranking_key
from .models import Assignment
from .selectors import _application_results, conflicted

# Decidable into an award (applications.transitions): the candidates of a simulation.
CANDIDATE_STATUSES = (ApplicationStatus.IN_REVIEW, ApplicationStatus.WAITLISTED)


@dataclass
class SimulatedAward:
    application: Application
    rank: int
    result: object
    amount: Decimal
    refusal: str = ""  # the decision rule's sentence when it would be refused

    @property
    def funded(self) -> bool:
        return not self.refusal


@dataclass
class RegionSplit:
    region: object
    awards: list[SimulatedAward] = field(default_factory=list)

    @property
    def funded(self) -> int:
        return sum(award.funded for award in self.awards)

    @property
    def amount(self) -> Decimal:
        return sum((award.amount for award in self.awards if award.funded), Decimal(0))


@dataclass
class Simulation:
    tier: object
    per_region: int
    regions: list[RegionSplit]
    before: TierUsage
    after: TierUsage
    year_before: YearUsage | None
    year_after: YearUsage | None

    @property
    def funded(self) -> int:
        return sum(region.funded for region in self.regions)

    @property
    def amount(self) -> Decimal:
        return sum((region.amount for region in self.regions), Decimal(0))


def simulate(*, committees, tier, per_region: int, viewer) -> Simulation:
    """`committees`: those the viewer may follow (committees.access). Applications the viewer has
    a conflict of interest on are left out, as on every committee page. A fixed number of
    queries whatever the number of applications."""
    rows = list(
        Assignment.objects.filter(
            committee__in=committees, application__tier=tier, application__status__in=CANDIDATE_STATUSES
        )
        .exclude(conflicted(viewer))
        .values_list(
            "pk", "application_id", "committee__quorum", "application__organisme__region_id",
            "application__submitted_at", "application__number",
        )
    )
    results, _counted = _application_results([row[0] for row in rows], {row[0]: row[2] for row in rows})
    by_region: dict[int, list] = {}
    for pk, application_id, _quorum, region_id, _submitted_at, _number in sorted(
        rows, key=lambda row: (*ranking_key(results[row[0]]), *tie_break(row[4], row[5], row[1]))
    ):
        by_region.setdefault(region_id, []).append((pk, application_id))
    chosen = {region_id: ranked[:per_region] for region_id, ranked in by_region.items()}
    applications = Application.objects.select_related("organisme__region").in_bulk(
        [application_id for ranked in chosen.values() for _pk, application_id in ranked]
    )
    splits = {}
    for region_id in sorted(chosen, key=lambda region_id: applications[chosen[region_id][0][1]].organisme.region.code):
        splits[region_id] = RegionSplit(region=applications[chosen[region_id][0][1]].organisme.region)

    before = usage = usage_of(tier)
    year_before = year = year_usage_of(tier, timezone.localdate())
    for turn in zip_longest(*(chosen[region_id] for region_id in splits)):
        for region_id, entry in zip(splits, turn, strict=True):
            if entry is None:
                continue
            pk, application_id = entry
            application = applications[application_id]
            amount = application.amount_requested
            award = SimulatedAward(
                application=application, rank=len(splits[region_id].awards) + 1, result=results[pk], amount=amount
            )
            try:
                check_award(tier, application, amount, usage=usage, year=year)
            except ValidationError as refusal:
                award.refusal = " ".join(refusal.messages)
            else:
                usage = replace(usage, awards=usage.awards + 1, awarded_amount=usage.awarded_amount + amount)
                if year is not None:
                    year = replace(year, awards=year.awards + 1, awarded_amount=year.awarded_amount + amount)
            splits[region_id].awards.append(award)
    return Simulation(
        tier=tier, per_region=per_region, regions=list(splits.values()),
        before=before, after=usage, year_before=year_before, year_after=year,
    )
