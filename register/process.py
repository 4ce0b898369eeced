"""« Comment les bourses sont attribuées »: the selection process read from the data — tiers and
what is left of them, the criteria that print the guide and build the scorecard, how they changed
from version to version, and the program's statistics with small cells hidden."""

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from applications.decision_reviews.selectors import review_counts
from applications.models import Application
from applications.selectors import TierUsage, tier_usage
from applications.statuses import AWARDED_STATUSES, ApplicationStatus
from committees.models import ConflictDeclaration
from programs.models import CriteriaSet, GrantTier
from programs.years import ProgramYear, program_years

S = ApplicationStatus
# Past screening: the committee saw them (or will), whatever it decided.
ELIGIBLE_STATUSES = (S.ELIGIBLE, S.IN_REVIEW, S.DECLINED, S.WAITLISTED, *AWARDED_STATUSES)
# No figure under this many applications: a small cell could point at a declined organisme.
SMALL_CELL = 5


# --- tiers and criteria -------------------------------------------------------------------------

def tiers_with_criteria(program) -> list[TierUsage]:
    """Each tier's usage (places and money left); its current criteria are prefetched."""
    return tier_usage(GrantTier.objects.filter(program=program).with_current_criteria())


@dataclass
class Version:
    criteria_set: CriteriaSet
    changes: list[str] = field(default_factory=list)


def _weight(value: Decimal) -> str:
    return f"{value.normalize():f} %"


def _changes(previous: CriteriaSet | None, current: CriteriaSet) -> list[str]:
    """What changed between two versions, criterion by criterion (matched by their French label)."""
    now = {criterion.label_fr: criterion for criterion in current.criteria.all()}
    if previous is None:
        return [_("Première version : %(count)s critères.") % {"count": len(now)}]
    before = {criterion.label_fr: criterion for criterion in previous.criteria.all()}
    changes = []
    for label, criterion in now.items():
        old = before.get(label)
        if old is None:
            changes.append(_("Critère ajouté : %(label)s (%(weight)s).") % {"label": criterion.localized("label"), "weight": _weight(criterion.weight)})
            continue
        if old.weight != criterion.weight:
            changes.append(_("%(label)s : pondération %(old)s → %(new)s.") % {
                "label": criterion.localized("label"), "old": _weight(old.weight), "new": _weight(criterion.weight)})
        if old.description_fr != criterion.description_fr:
            changes.append(_("%(label)s : description revue.") % {"label": criterion.localized("label")})
    for label, criterion in before.items():
        if label not in now:
            changes.append(_("Critère retiré : %(label)s.") % {"label": criterion.localized("label")})
    return changes or [_("Aucun changement des critères ni des pondérations (textes ou niveaux revus).")]


def criteria_changelog(program) -> dict[int, list[Version]]:
    """Tier id → its published versions, newest first, each with what it changed."""
    sets = (
        CriteriaSet.objects.published().filter(tier__program=program)
        .prefetch_related("criteria").order_by("tier_id", "version")
    )
    changelog: dict[int, list[Version]] = {}
    previous: dict[int, CriteriaSet] = {}
    for criteria_set in sets:
        versions = changelog.setdefault(criteria_set.tier_id, [])
        versions.insert(0, Version(criteria_set, _changes(previous.get(criteria_set.tier_id), criteria_set)))
        previous[criteria_set.tier_id] = criteria_set
    return changelog


# --- statistics ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class StatRow:
    label: str
    received: int | None
    eligible: int | None
    awarded: int | None
    declined: int | None


@dataclass
class YearStats:
    year: ProgramYear
    tiers: list[StatRow]
    regions: list[StatRow]
    conflicts: int
    median_days: float | None


COLUMNS = ("received", "eligible", "awarded", "declined")


def _suppressed(rows: list[tuple[str, dict]]) -> list[StatRow]:
    """One breakdown (tiers, or regions) of a year, with its small cells hidden.

    A cell of 1 to 4 applications is hidden, and a whole row of 1 to 4 received. Since the tiers
    and the regions of a year add up to the same total, that total is always known; a column
    with a single hidden cell would give it away by subtraction (total − shown cells). So each
    column hiding anything hides at least two cells worth at least SMALL_CELL together, adding
    the smallest shown cells (complementary suppression); zeros stay shown: they point at no one."""
    hidden = {
        (index, key)
        for index, (_label, counts) in enumerate(rows) for key in COLUMNS
        if 0 < counts["received"] < SMALL_CELL or 0 < counts[key] < SMALL_CELL
    }
    for key in COLUMNS:
        _hide_complements([counts[key] for _label, counts in rows], key, hidden)
    return [
        StatRow(label, *(None if (index, key) in hidden else counts[key] for key in COLUMNS))
        for index, (label, counts) in enumerate(rows)
    ]


def _hide_complements(values: list[int], key: str, hidden: set) -> None:
    while True:
        masked = [value for index, value in enumerate(values) if (index, key) in hidden]
        if not masked or (len(masked) >= 2 and sum(masked) >= SMALL_CELL):
            return
        shown = [(value, index) for index, value in enumerate(values) if (index, key) not in hidden and value > 0]
        if not shown:
            return  # every application of the column is already behind a hidden cell
        hidden.add((min(shown)[1], key))


def _year_of(field_name: str, years: list[ProgramYear]):
    return Case(
        *[When(**{f"{field_name}__gte": year.start, f"{field_name}__lt": year.end}, then=Value(year.number)) for year in years],
        default=Value(None), output_field=IntegerField(),
    )


def _counts(queryset, key: str, years):
    return (
        queryset.order_by().annotate(year=_year_of("submitted_at", years)).values("year", *key)
        .annotate(
            received=Count("pk"),
            eligible=Count("pk", filter=Q(status__in=ELIGIBLE_STATUSES)),
            awarded=Count("pk", filter=Q(status__in=AWARDED_STATUSES)),
            declined=Count("pk", filter=Q(status=S.DECLINED)),
        )
    )


def year_statistics(program) -> list[YearStats]:
    """Per program year (of submission): received, eligible, awarded, declined per tier and per
    region; conflicts declared (a count); the median days from submission to decision."""
    years = program_years(program)
    submitted = Application.objects.filter(tier__program=program, submitted_at__isnull=False)
    tiers = list(GrantTier.objects.filter(program=program).order_by("position"))
    by_tier = {(row["year"], row["tier_id"]): row for row in _counts(submitted, ("tier_id",), years)}
    by_region = {}
    for row in _counts(submitted, ("organisme__region__code", "organisme__region__name"), years):
        by_region.setdefault(row["year"], []).append(row)
    conflicts = dict(
        ConflictDeclaration.objects.filter(has_conflict=True, assignment__application__tier__program=program)
        .order_by().annotate(year=_year_of("assignment__application__submitted_at", years))
        .values("year").annotate(count=Count("pk")).values_list("year", "count")
    )
    durations: dict[int, list[float]] = {}
    decided = submitted.filter(decided_at__isnull=False).annotate(year=_year_of("submitted_at", years))
    for year, submitted_at, decided_at in decided.values_list("year", "submitted_at", "decided_at"):
        durations.setdefault(year, []).append((decided_at - submitted_at).total_seconds() / 86400)

    empty = {"received": 0, "eligible": 0, "awarded": 0, "declined": 0}
    result = []
    for year in years:
        days = durations.get(year.number, [])
        result.append(YearStats(
            year=year,
            tiers=_suppressed([(tier.localized("name"), by_tier.get((year.number, tier.pk), empty)) for tier in tiers]),
            regions=_suppressed([
                (f"{row['organisme__region__code']} {row['organisme__region__name']}", row)
                for row in sorted(by_region.get(year.number, []), key=lambda row: row["organisme__region__code"])
            ]),
            conflicts=conflicts.get(year.number, 0),
            median_days=round(statistics.median(days), 1) if len(days) >= SMALL_CELL else None,
        ))
    return result


def review_statistics(program) -> dict[str, int | None]:
    """Demandes de révision over the whole program: requested, upheld, sent back, with the same
    small-number rule as the rows above (nothing under SMALL_CELL requests, no count of 1 to 4)."""
    counts = review_counts(Application.objects.filter(tier__program=program))
    if counts["requested"] < SMALL_CELL:
        return dict.fromkeys(counts)
    # The outcomes and the requests still pending add up to the shown total: hide complements as
    # the breakdowns above do, counting the pending ones (never shown, but inferable) as a cell.
    outcomes = ["upheld", "sent_back"]
    values = [counts[key] for key in outcomes] + [counts["requested"] - sum(counts[key] for key in outcomes)]
    hidden = {(index, "outcome") for index, value in enumerate(values) if 0 < value < SMALL_CELL}
    _hide_complements(values, "outcome", hidden)
    return {"requested": counts["requested"]} | {
        key: None if (index, "outcome") in hidden else counts[key] for index, key in enumerate(outcomes)
    }
