"""The public register: a read model over the awards, never a copy of them.

An award is published once the organisme has signed its agreement (the award is then final on
both sides), or at the award itself when no agreement exists for it (awards made before agreements
existed, or imported). It stays published while its application holds an awarded status (awarded,
agreement signed, paid, report received, closed); when an award is cancelled the application
leaves those statuses and the grant leaves the register in the same transaction.

Only public facts are read: the organisme's legal name, NEQ, charity number and region, the
tier, the project title, the public summary the applicant wrote knowing it is public, the amount
awarded, the award date and the criteria version. `.only()` keeps every other column (answers,
addresses, people) out of the query, so no page or feed can show them by mistake.

The region is the application's own copy of its organisme's (kept equal by
organismes.services.follow_region_changes), so filters and groupings read the application row.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from applications.statuses import AWARDED_STATUSES
from committees.models import Scorecard
from dataide.compiled import CompiledQuery
from dataide.i18n import short_language
from grants.models import Payment
from programs.models import CriteriaSet
from programs.years import ProgramYear, program_year_of, program_years

PUBLIC_COLUMNS = (
    "number", "title", "public_summary", "public_summary_en", "amount_awarded", "decided_at", "updated_at",
    "status", "tier__code", "tier__name_fr", "tier__name_en", "tier__position", "tier__program",
    "organisme__legal_name", "organisme__neq", "organisme__charity_number", "organisme__updated_at",
    "region__code", "region__name",
)
# What a row of the register's list shows, and nothing more: the page's 50 rows skip the feeds'
# criteria version, ledger sum and agreement dates.
LISTED_COLUMNS = (
    "number", "title", "amount_awarded", "decided_at", "tier__code", "tier__name_fr", "tier__name_en",
    "organisme__legal_name", "region__name",
)
NEWEST_FIRST = ("-decided_at", "-pk")


def published_applications():
    """The applications whose award is public (no details joined: filter and count on this).

    The decision service always sets the number, amount and date of an award; a row without them
    (imported or hand-made) could be neither identified nor dated in the feeds, so it waits."""
    return Application.objects.filter(
        Q(agreement__isnull=True) | Q(agreement__signed_at__isnull=False),
        status__in=AWARDED_STATUSES, number__isnull=False, amount_awarded__isnull=False, decided_at__isnull=False,
    )


def _criteria_version():
    """The version the committee scored under; without scorecards, the one in force at the award."""
    scored = (
        Scorecard.objects.filter(assignment__application=OuterRef("pk"))
        .order_by("-criteria_set__version")
        .values("criteria_set__version")[:1]
    )
    in_force = (
        CriteriaSet.objects.filter(tier=OuterRef("tier"), published_at__isnull=False, published_at__lte=OuterRef("decided_at"))
        .order_by("-version")
        .values("version")[:1]
    )
    return Coalesce(Subquery(scored), Subquery(in_force))


def _amount_disbursed():
    """The ledger's sum, reversals included; None while the grant has no ledger line."""
    lines = Payment.objects.filter(application=OuterRef("pk")).order_by().values("application")
    return Subquery(lines.annotate(total=Sum("amount")).values("total")[:1])


def with_public_details(queryset):
    """The columns pages and feeds show, in one query whatever the number of grants."""
    return (
        queryset.select_related("organisme", "region", "tier__program")
        .only(*PUBLIC_COLUMNS)
        .annotate(
            criteria_version=_criteria_version(), amount_disbursed=_amount_disbursed(),
            signed_at=F("agreement__signed_at"), report_due_months=F("agreement__report_due_months"),
        )
        .order_by(*NEWEST_FIRST)
    )


def listed_awards(queryset):
    """The rows of the register's list, newest first (the published index gives that order)."""
    return queryset.select_related("organisme", "region", "tier").only(*LISTED_COLUMNS).order_by(*NEWEST_FIRST)


# A grant's public page is read by anyone, often: its query (the publication rule, the criteria
# version's two subqueries, the ledger's sum) is compiled once per process instead of per view.
_PUBLISHED_AWARD = CompiledQuery(lambda number: with_public_details(published_applications()).filter(number=number)[:1])


def published_award(number: str) -> Application:
    """One published grant; an application that is not (or no longer) awarded answers 404."""
    award = _PUBLISHED_AWARD.first(number=number)
    if award is None:
        raise Http404("No Application matches the given query.")
    return award


@dataclass(frozen=True)
class RegisterFilters:
    search: str = ""
    tier: str = ""
    region: str = ""
    year: ProgramYear | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None


def filtered_awards(filters: RegisterFilters):
    queryset = published_applications()
    if filters.search:
        words = filters.search
        queryset = queryset.filter(
            Q(title__icontains=words) | Q(public_summary__icontains=words) | Q(public_summary_en__icontains=words)
            | Q(organisme__legal_name__icontains=words) | Q(organisme__neq=words) | Q(number__iexact=words)
        )
    if filters.tier:
        queryset = queryset.filter(tier__code=filters.tier)
    if filters.region:
        queryset = queryset.filter(region__code=filters.region)
    if filters.year is not None:
        queryset = queryset.filter(decided_at__gte=filters.year.start, decided_at__lt=filters.year.end)
    if filters.amount_min is not None:
        queryset = queryset.filter(amount_awarded__gte=filters.amount_min)
    if filters.amount_max is not None:
        queryset = queryset.filter(amount_awarded__lte=filters.amount_max)
    return queryset


@dataclass(frozen=True)
class Total:
    label: str
    count: int
    amount: Decimal


@dataclass(frozen=True)
class RegisterTotals:
    count: int
    amount: Decimal
    tiers: list[Total]
    regions: list[Total]
    years: list[Total]


def _year_number(years: list[ProgramYear]):
    """The program year of the award date, computed by the database (one GROUP BY)."""
    return Case(
        *[When(decided_at__gte=year.start, decided_at__lt=year.end, then=Value(year.number)) for year in years],
        default=Value(None), output_field=IntegerField(),
    )


def register_totals(queryset, program) -> RegisterTotals:
    """Count and amount per tier, per region and per program year: three grouped queries."""
    def grouped(*keys, order):
        return list(
            queryset.order_by().values(*keys).annotate(count=Count("pk"), amount=Sum("amount_awarded")).order_by(*order)
        )

    name = f"tier__name_{short_language()}"
    tiers = [
        Total(row[name] or row["tier__name_fr"], row["count"], row["amount"])
        for row in grouped("tier__position", "tier__name_fr", name, order=["tier__position"])
    ]
    regions = [
        Total(f"{row['region__code']} {row['region__name']}", row["count"], row["amount"])
        for row in grouped("region__code", "region__name", order=["region__code"])
    ]
    years = []
    if program is not None:
        rows = queryset.order_by().annotate(year=_year_number(program_years(program))).values("year").annotate(
            count=Count("pk"), amount=Sum("amount_awarded")
        ).order_by("year")
        years = [
            Total(_("Année %(number)s") % {"number": row["year"]}, row["count"], row["amount"])
            for row in rows if row["year"] is not None
        ]
    return RegisterTotals(
        count=sum(total.count for total in tiers),
        amount=sum((total.amount for total in tiers), Decimal(0)),
        tiers=tiers, regions=regions, years=years,
    )


def award_program_year(application) -> int | None:
    program = application.tier.program
    return program_year_of(program, timezone.localdate(application.decided_at)) if application.decided_at else None
