"""The figures of the staff program dashboard, read in a fixed number of queries whatever the
number of organismes and applications (aggregates and GROUP BY only; the tests hold it).

« Organismes reached » counts every organisme the program has touched: registered for a webinar,
attended one, or started an application (a draft counts: the organisme came to apply). An
organisme that only created its account is not reached yet.

Regional Centraide staff see the figures of their regions (`programs.admin_scoping`): the funnel's
values, the regions, the program years and the waiting queues count only their organismes and
applications. Two things stay program-wide, and the page says so: the targets (3 000 organismes,
410 / 93 / 7 grants, 180 seats, 60 places are set for the whole program, not per region) and the
quotas and budget per tier, because one quota and one envelope are shared by every region: what is
left to award depends on every region's awards.
"""

import statistics
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, DecimalField, Exists, F, Max, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from dataide.compiled import CompiledQuery
from organismes.models import Organisme
from programs.admin_scoping import staff_region_ids
from programs.models import Program, Region, TierCode
from programs.years import ProgramYear, program_years
from trainings.models import WebinarAttendance, WebinarRegistration
from trainings.selectors import seat_usage

from .models import AWARDED_STATUSES, Application, ApplicationStatus
from .selectors import TierUsage, tier_usage
from .statuses import WAITING_STATUSES

S = ApplicationStatus
AMOUNT = DecimalField(max_digits=14, decimal_places=2)
AWARDED = Q(status__in=AWARDED_STATUSES)
SUBMITTED = ~Q(status=S.DRAFT)


def _money_sum(field: str, condition: Q):
    return Coalesce(Sum(field, filter=condition), Value(Decimal(0)), output_field=AMOUNT)


@dataclass(frozen=True)
class FunnelStep:
    label: str
    value: int
    target: int | None = None

    @property
    def percent(self) -> int | None:
        return round(100 * self.value / self.target) if self.target else None


@dataclass(frozen=True)
class TierCell:
    """One region's figures in one tier of this program (the region × tier grid)."""

    code: str
    submitted: int
    awards: int
    awarded_amount: Decimal


@dataclass(frozen=True)
class RegionRow:
    region: Region
    organismes: int
    reached: int
    submitted: int
    awards: int
    awarded_amount: Decimal
    tiers: tuple[TierCell, ...] = ()


@dataclass(frozen=True)
class YearRow:
    year: ProgramYear
    submitted: int
    awards: int
    awarded_amount: Decimal


@dataclass(frozen=True)
class WaitingRow:
    status: ApplicationStatus
    count: int
    oldest: timedelta | None
    median: timedelta | None

    @property
    def oldest_days(self) -> float | None:
        return _days(self.oldest)

    @property
    def median_days(self) -> float | None:
        return _days(self.median)


def _days(duration: timedelta | None) -> float | None:
    return None if duration is None else round(duration.total_seconds() / 86400, 1)


@dataclass(frozen=True)
class ProgramDashboard:
    program: Program
    funnel: list[FunnelStep]
    tiers: list[TierUsage]
    regions: list[RegionRow]
    years: list[YearRow]
    waiting: list[WaitingRow]
    generated_at: object
    # The regions the figures are limited to, or None for the whole program.
    scope: list[Region] | None = None


# Compiled once per process (dataide.compiled): the applications list's year filter and the
# dashboards ask on every page, and building the query cost the list ~1 000 calls.
_CURRENT_PROGRAM = CompiledQuery(lambda: Program.objects.order_by("starts_on", "pk")[:1])


def current_program() -> Program | None:
    return _CURRENT_PROGRAM.first()


@dataclass(frozen=True)
class RegionFigures:
    """Figures counted per region in one GROUP BY; a program total is their sum."""

    by_region: dict[int, dict]

    def total(self, figure: str):
        return sum((row[figure] for row in self.by_region.values()), 0)


def _in_regions(queryset, regions: set[int] | None, lookup: str):
    return queryset if regions is None else queryset.filter(**{f"{lookup}__in": regions})


def organisme_figures(regions: set[int] | None = None) -> RegionFigures:
    """Per region: organismes, reached ones, ones present at a webinar. One pass over the
    organismes: each EXISTS is evaluated once per organisme and their combinations are grouped,
    so « reached » (see module docstring) is summed here."""
    rows = (
        _in_regions(Organisme.objects, regions, "region").annotate(
            registered=Exists(WebinarRegistration.objects.filter(organisme=OuterRef("pk"))),
            attended=Exists(WebinarAttendance.objects.filter(organisme=OuterRef("pk"))),
            applied=Exists(Application.objects.filter(organisme=OuterRef("pk"))),
        )
        .values("region", "registered", "attended", "applied")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_region: dict[int, dict[str, int]] = {}
    for row in rows:
        figures = by_region.setdefault(row["region"], {"total": 0, "reached": 0, "attended": 0})
        figures["total"] += row["count"]
        figures["reached"] += row["count"] if row["registered"] or row["attended"] or row["applied"] else 0
        figures["attended"] += row["count"] if row["attended"] else 0
    return RegionFigures(by_region)


def application_figures(program: Program, years: list[ProgramYear], regions: set[int] | None = None) -> RegionFigures:
    """Every application figure of the dashboard in one GROUP BY region: submissions, awards and
    amounts per region (all programs), submissions and awards per tier and per program year (this
    program)."""
    in_program = Q(tier__program=program)
    aggregates = {
        "submitted": Count("pk", filter=SUBMITTED),
        "awards": Count("pk", filter=AWARDED),
        "amount": _money_sum("amount_awarded", AWARDED),
        **{
            f"{figure}_{code}": Count("pk", filter=condition & in_program & Q(tier__code=code))
            for code in TierCode.values
            for figure, condition in (("submitted", SUBMITTED), ("awards", AWARDED))
        },
        **{f"amount_{code}": _money_sum("amount_awarded", AWARDED & in_program & Q(tier__code=code)) for code in TierCode.values},
    }
    for year in years:
        submitted_in = in_program & Q(submitted_at__gte=year.start, submitted_at__lt=year.end)
        decided_in = in_program & AWARDED & Q(decided_at__gte=year.start, decided_at__lt=year.end)
        aggregates |= {
            f"submitted_{year.number}": Count("pk", filter=submitted_in),
            f"awards_{year.number}": Count("pk", filter=decided_in),
            f"amount_{year.number}": _money_sum("amount_awarded", decided_in),
        }
    rows = _in_regions(Application.objects, regions, "region").values("region").annotate(
        **aggregates
    ).order_by()
    return RegionFigures({row["region"]: row for row in rows})


def funnel(
    program: Program, tiers: list[TierUsage], organismes: RegionFigures, applications: RegionFigures,
    regions: set[int] | None = None,
) -> list[FunnelStep]:
    """The steps counted within `regions`, each against the program's own target."""
    quotas = {usage.tier.code: usage.tier.quota for usage in tiers}
    seats = seat_usage(program, regions)

    def awards(code):
        return FunnelStep(
            _("Bourses %(tier)s") % {"tier": str(TierCode(code).label).lower()}, applications.total(f"awards_{code}"),
            quotas.get(code),
        )

    return [
        FunnelStep(_("Organismes rejoints"), organismes.total("reached"), program.reach_target),
        FunnelStep(_("Organismes présents à un webinaire"), organismes.total("attended")),
        FunnelStep(_("Demandes amorçage soumises"), applications.total(f"submitted_{TierCode.AMORCAGE}")),
        awards(TierCode.AMORCAGE),
        FunnelStep(_("Places en formation Nord Ouvert"), seats.nord_ouvert_used, seats.nord_ouvert_seats),
        awards(TierCode.ACCELERATION),
        FunnelStep(_("Leaders au laboratoire"), seats.lab_used, seats.lab_places),
        awards(TierCode.INNOVATION),
    ]


def region_breakdown(organismes: RegionFigures, applications: RegionFigures, regions: list[Region]) -> list[RegionRow]:
    rows = []
    for region in regions:
        people, files = organismes.by_region.get(region.pk, {}), applications.by_region.get(region.pk, {})
        rows.append(
            RegionRow(
                region=region,
                organismes=people.get("total", 0),
                reached=people.get("reached", 0),
                submitted=files.get("submitted", 0),
                awards=files.get("awards", 0),
                awarded_amount=files.get("amount", Decimal(0)),
                tiers=tuple(
                    TierCell(code, files.get(f"submitted_{code}", 0), files.get(f"awards_{code}", 0),
                             files.get(f"amount_{code}", Decimal(0)))
                    for code in TierCode.values
                ),
            )
        )
    return rows


def year_breakdown(years: list[ProgramYear], applications: RegionFigures) -> list[YearRow]:
    """Per program year: applications submitted in it, awards decided in it and their amount."""
    return [
        YearRow(
            year,
            applications.total(f"submitted_{year.number}"),
            applications.total(f"awards_{year.number}"),
            applications.total(f"amount_{year.number}") or Decimal(0),
        )
        for year in years
    ]


def waiting_applications(now=None, regions: set[int] | None = None) -> list[WaitingRow]:
    """How many applications wait at each step, and for how long since they entered it (the last
    move to their status in the timeline, else their submission). Within `regions` when given."""
    now = now or timezone.now()
    # The latest move to the current status is the newest such change: a MAX over a join reads the
    # timeline once, where a subquery per application cost twice as much on 15 000 waiting ones.
    latest_move = Max("status_changes__created_at", filter=Q(status_changes__to_status=F("status")))
    rows = (
        _in_regions(Application.objects, regions, "region").filter(status__in=WAITING_STATUSES)
        .annotate(entered_at=Coalesce(latest_move, "submitted_at", "created_at"))
        .values_list("status", "entered_at")
    )
    waits: dict[str, list[timedelta]] = {status: [] for status in WAITING_STATUSES}
    for status, entered_at in rows:
        waits[status].append(max(now - entered_at, timedelta(0)))
    return [
        WaitingRow(
            status=S(status),
            count=len(durations),
            oldest=max(durations) if durations else None,
            median=statistics.median(durations) if durations else None,
        )
        for status, durations in waits.items()
    ]


def program_dashboard(now=None, *, program: Program | None = None, regions: set[int] | None = None) -> ProgramDashboard:
    """The figures computed now, from the database (see `cached_program_dashboard`), limited to
    `regions` (region ids) when given; the quotas and budget per tier stay program-wide (module
    docstring)."""
    program = program or current_program()
    tiers = tier_usage(program.tiers.all())
    years = program_years(program)
    organismes, applications = organisme_figures(regions), application_figures(program, years, regions)
    shown_regions = list(_in_regions(Region.objects, regions, "pk").order_by("code"))
    return ProgramDashboard(
        program=program,
        funnel=funnel(program, tiers, organismes, applications, regions),
        tiers=tiers,
        regions=region_breakdown(organismes, applications, shown_regions),
        years=year_breakdown(years, applications),
        waiting=waiting_applications(now, regions),
        generated_at=now or timezone.now(),
        scope=None if regions is None else shown_regions,
    )


def cached_program_dashboard(user, *, refresh: bool = False) -> ProgramDashboard:
    """The figures as computed at most `DASHBOARD_CACHE_SECONDS` ago, or now with `refresh`.

    A few seconds of aggregates over the whole program would run at every visit otherwise; the
    page shows when its figures were computed. Kept per program, per staff region scope (what a
    person may see) and per language (some labels are formatted when computed)."""
    program = current_program()
    scope = staff_region_ids(user)
    regions = "all" if scope is None else "-".join(str(pk) for pk in sorted(scope)) or "none"
    key = f"program_dashboard:{program.pk}:{regions}:{translation.get_language()}"
    dashboard = None if refresh else cache.get(key)
    if dashboard is None:
        dashboard = program_dashboard(program=program, regions=scope)
        cache.set(key, dashboard, settings.DASHBOARD_CACHE_SECONDS)
    return dashboard
