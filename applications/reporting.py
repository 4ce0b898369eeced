"""The figures of the staff program dashboard, read in a fixed number of queries whatever the
number of organismes and applications (aggregates and GROUP BY only; the tests hold it).

« Organismes reached » counts every organisme the program has touched: registered for a webinar,
attended one, or started an application (a draft counts: the organisme came to apply). An
organisme that only created its account is not reached yet.
"""

import statistics
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organismes.models import Organisme
from programs.models import Program, Region, TierCode
from programs.years import ProgramYear, program_years
from trainings.models import WebinarAttendance, WebinarRegistration
from trainings.selectors import seat_usage

from .models import AWARDED_STATUSES, Application, ApplicationStatus, StatusChange
from .selectors import TierUsage, tier_usage

S = ApplicationStatus
# The steps where an application waits for staff or a committee, in the order it goes through.
WAITING_STATUSES = (S.SUBMITTED, S.SCREENING, S.ELIGIBLE, S.IN_REVIEW, S.WAITLISTED)
AMOUNT = DecimalField(max_digits=14, decimal_places=2)
AWARDED = Q(status__in=AWARDED_STATUSES)
SUBMITTED = ~Q(status=S.DRAFT)


def _money_sum(field: str, condition: Q):
    return Coalesce(Sum(field, filter=condition), Value(Decimal(0)), output_field=AMOUNT)


def is_reached():
    """An expression true for organismes the program has reached (see module docstring)."""
    return (
        Exists(WebinarRegistration.objects.filter(organisme=OuterRef("pk")))
        | Exists(WebinarAttendance.objects.filter(organisme=OuterRef("pk")))
        | Exists(Application.objects.filter(organisme=OuterRef("pk")))
    )


@dataclass(frozen=True)
class FunnelStep:
    label: str
    value: int
    target: int | None = None

    @property
    def percent(self) -> int | None:
        return round(100 * self.value / self.target) if self.target else None


@dataclass(frozen=True)
class RegionRow:
    region: Region
    organismes: int
    reached: int
    submitted: int
    awards: int
    awarded_amount: Decimal


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


def current_program() -> Program:
    return Program.objects.order_by("starts_on", "pk").first()


def funnel(program: Program, tiers: list[TierUsage]) -> list[FunnelStep]:
    by_code = {usage.tier.code: usage for usage in tiers}
    submitted = Application.objects.filter(SUBMITTED, tier__program=program).aggregate(
        **{code: Count("pk", filter=Q(tier__code=code)) for code in TierCode.values}
    )
    seats = seat_usage(program)

    def awards(code):
        usage = by_code.get(code)
        return FunnelStep(
            _("Bourses %(tier)s") % {"tier": str(TierCode(code).label).lower()}, usage.awards if usage else 0,
            usage.tier.quota if usage else None,
        )

    return [
        FunnelStep(_("Organismes rejoints"), Organisme.objects.filter(is_reached()).count(), program.reach_target),
        FunnelStep(
            _("Organismes présents à un webinaire"),
            WebinarAttendance.objects.values("organisme").distinct().count(),
        ),
        FunnelStep(_("Demandes amorçage soumises"), submitted[TierCode.AMORCAGE]),
        awards(TierCode.AMORCAGE),
        FunnelStep(_("Places en formation Nord Ouvert"), seats.nord_ouvert_used, seats.nord_ouvert_seats),
        awards(TierCode.ACCELERATION),
        FunnelStep(_("Leaders au laboratoire"), seats.lab_used, seats.lab_places),
        awards(TierCode.INNOVATION),
    ]


def region_breakdown() -> list[RegionRow]:
    organismes = {
        row["region"]: row
        for row in Organisme.objects.annotate(reached=is_reached())
        .values("region")
        .annotate(total=Count("pk"), reached_total=Count("pk", filter=Q(reached=True)))
        .order_by()
    }
    applications = {
        row["organisme__region"]: row
        for row in Application.objects.filter(SUBMITTED)
        .values("organisme__region")
        .annotate(submitted=Count("pk"), awards=Count("pk", filter=AWARDED), amount=_money_sum("amount_awarded", AWARDED))
        .order_by()
    }
    rows = []
    for region in Region.objects.order_by("code"):
        people, files = organismes.get(region.pk, {}), applications.get(region.pk, {})
        rows.append(
            RegionRow(
                region=region,
                organismes=people.get("total", 0),
                reached=people.get("reached_total", 0),
                submitted=files.get("submitted", 0),
                awards=files.get("awards", 0),
                awarded_amount=files.get("amount", Decimal(0)),
            )
        )
    return rows


def year_breakdown(program: Program) -> list[YearRow]:
    """Per program year: applications submitted in it, awards decided in it and their amount."""
    years = program_years(program)
    aggregates = {}
    for year in years:
        submitted_in = Q(submitted_at__gte=year.start, submitted_at__lt=year.end)
        decided_in = AWARDED & Q(decided_at__gte=year.start, decided_at__lt=year.end)
        aggregates |= {
            f"submitted_{year.number}": Count("pk", filter=submitted_in),
            f"awards_{year.number}": Count("pk", filter=decided_in),
            f"amount_{year.number}": _money_sum("amount_awarded", decided_in),
        }
    totals = Application.objects.filter(tier__program=program).aggregate(**aggregates) if years else {}
    return [
        YearRow(year, totals[f"submitted_{year.number}"], totals[f"awards_{year.number}"], totals[f"amount_{year.number}"])
        for year in years
    ]


def waiting_applications(now=None) -> list[WaitingRow]:
    """How many applications wait at each step, and for how long since they entered it (the last
    move to their status in the timeline, else their submission)."""
    now = now or timezone.now()
    entered = StatusChange.objects.filter(application=OuterRef("pk"), to_status=OuterRef("status")).order_by(
        "-created_at", "-pk"
    )
    rows = Application.objects.filter(status__in=WAITING_STATUSES).annotate(
        entered_at=Coalesce(Subquery(entered.values("created_at")[:1]), "submitted_at", "created_at")
    ).values_list("status", "entered_at")
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


def program_dashboard(now=None) -> ProgramDashboard:
    program = current_program()
    tiers = tier_usage(program.tiers.all())
    return ProgramDashboard(
        program=program,
        funnel=funnel(program, tiers),
        tiers=tiers,
        regions=region_breakdown(),
        years=year_breakdown(program),
        waiting=waiting_applications(now),
        generated_at=now or timezone.now(),
    )
