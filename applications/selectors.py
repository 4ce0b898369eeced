from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from dataide import cache_versions
from dataide.compiled import CompiledQuery
from dataide.i18n import short_language
from dataide.staff_home import CompiledQueue, GroupColumn
from programs.admin_scoping import within_regions
from programs.models import GrantTier, Region, YearShare
from programs.usage import USAGE_VERSION_KEY
from programs.years import ProgramYear, program_year, program_year_of

from .models import Application, Attachment, BudgetLine, PartnerOrganisme, StatusChange
from .statuses import AWARDED_STATUSES, ApplicationStatus

SCREENING_QUEUE_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.SCREENING)


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


def tier_usage(tiers=None, *, decided_between=None, region_ids=None) -> list[TierUsage]:
    """Awards and money used per tier, in one query whatever the number of applications; with
    `decided_between` (start, end: datetimes, end excluded) only the awards decided in it (the
    ministry report's program years); with `region_ids` only the awards to organismes of those
    regions (a regional person's share: what is left of a quota is never counted this way)."""
    tiers = tiers if tiers is not None else GrantTier.objects.all()
    awarded = Q(applications__status__in=AWARDED_STATUSES)
    if decided_between is not None:
        awarded &= Q(applications__decided_at__gte=decided_between[0], applications__decided_at__lt=decided_between[1])
    # A FilteredRelation's condition may not reach the organisme: the regions filter the aggregates.
    in_regions = {} if region_ids is None else {"filter": Q(awarded_applications__region__in=region_ids)}
    if not tiers.query.order_by:
        # Django leaves Meta.ordering out of GROUP BY queries: keep the tiers in their order.
        tiers = tiers.order_by(*GrantTier._meta.ordering)
    # The status condition goes into the JOIN (not an aggregate FILTER): PostgreSQL then reads
    # only the awarded rows through the status index instead of every application (issue 8).
    queryset = tiers.annotate(
        awarded_applications=FilteredRelation("applications", condition=awarded),
    ).annotate(
        awards=Count("awarded_applications", **in_regions),
        awarded_amount=Coalesce(
            Sum("awarded_applications__amount_awarded", **in_regions),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
    )
    return [TierUsage(tier=tier, awards=tier.awards, awarded_amount=tier.awarded_amount) for tier in queryset]


def usage_of(tier: GrantTier) -> TierUsage:
    """One tier's usage, counted as `tier_usage` counts it (decisions count under the tier's lock)."""
    return tier_usage(GrantTier.objects.filter(pk=tier.pk))[0]


# --- The usage pages show, from the cache ---------------------------------------------------------

USAGE_SECONDS = 300


COUNTS_KEY = "tier-usage:counts"


def shown_tier_usage(tiers=None) -> list[TierUsage]:
    """`tier_usage` as pages show it (home, organisme dashboard, committee results, the money
    committed after the award in grants.selectors.money_by_tier): each tier's awards and money
    from the cache, counted again only when an award came or went since (`programs.usage.forget_shown_usage`).
    The counts read every awarded row of the tier; the pages need them on every visit. NEVER for a rule: the decision service and submission count live, under the
    tier's lock (`usage_of`). `tiers`: a queryset or a list of tiers.
    The version and every tier's counts (one entry: tier → counts) come in one round trip to the
    cache (cache_versions.read), before the tiers are read."""
    tiers = tiers if tiers is not None else GrantTier.objects.all()
    version, found = cache_versions.read(USAGE_VERSION_KEY, [COUNTS_KEY])
    counted = found.get(COUNTS_KEY, {})
    if not counted and isinstance(tiers, QuerySet):
        # Nothing counted since the last award: count with the page's own query of the tiers (one
        # query, not the tiers then their counts).
        usages = tier_usage(tiers)
        _keep_counts(version, {usage.tier.pk: (usage.awards, usage.awarded_amount) for usage in usages})
        return usages
    tiers = list(tiers)
    missing = [tier.pk for tier in tiers if tier.pk not in counted]
    if missing:
        fresh = {usage.tier.pk: (usage.awards, usage.awarded_amount) for usage in tier_usage(GrantTier.objects.filter(pk__in=missing))}
        counted = {**counted, **fresh}
        _keep_counts(version, counted)
    return [TierUsage(tier=tier, awards=counted[tier.pk][0], awarded_amount=counted[tier.pk][1]) for tier in tiers]


def _keep_counts(version: str, counts: dict) -> None:
    """Two pages adding other tiers at once may keep one's only: the other's are counted again."""
    cache_versions.store(version, {COUNTS_KEY: counts}, timeout=USAGE_SECONDS)


@dataclass(frozen=True)
class YearUsage:
    """A program year's awards in a tier against the year's share; `share` is None when no share
    is set for the year (then only the whole quota bounds it)."""

    year: ProgramYear
    share: YearShare | None
    awards: int
    awarded_amount: Decimal

    @property
    def places_left(self) -> int | None:
        return None if self.share is None else max(self.share.places - self.awards, 0)

    @property
    def budget_left(self) -> Decimal | None:
        return None if self.share is None else max(self.share.envelope - self.awarded_amount, Decimal(0))


def year_usage_of(tier: GrantTier, on) -> YearUsage | None:
    """The usage of the program year `on` (a date) falls in: an award counts in the year of its
    decision. None outside the program's years."""
    number = program_year_of(tier.program, on)
    if number is None:
        return None
    year = program_year(tier.program, number)
    share = YearShare.objects.filter(tier=tier, year=number).first()
    used = tier_usage(GrantTier.objects.filter(pk=tier.pk), decided_between=(year.start, year.end))[0]
    return YearUsage(year=year, share=share, awards=used.awards, awarded_amount=used.awarded_amount)


def shown_year_usages(tiers, on) -> dict[int, YearUsage]:
    """What pages show of the program year `on` (a date) falls in, per tier: tier pk → YearUsage,
    no entry outside its program's years. `tiers` with their program. The year's awards and
    shares come from the cache beside `shown_tier_usage`'s counts, which every award and every
    change of a share forgets; counted again, in one query, when missing. NEVER for a rule:
    `check_award` reads `year_usage_of` under the tier's lock."""
    years = {}
    for tier in tiers:
        number = program_year_of(tier.program, on)
        if number is not None:
            years.setdefault((tier.program, number), []).append(tier)
    usages = {}
    for (program, number), year_tiers in years.items():
        year = program_year(program, number)
        counted = _year_counts(year, program.pk, [tier.pk for tier in year_tiers])
        for tier in year_tiers:
            awards, amount, places, envelope = counted[tier.pk]
            share = None if places is None else YearShare(tier=tier, year=number, places=places, envelope=envelope)
            usages[tier.pk] = YearUsage(year=year, share=share, awards=awards, awarded_amount=amount)
    return usages


def _year_counts(year: ProgramYear, program_pk: int, tier_pks: list[int]) -> dict[int, tuple]:
    """Tier pk → (awards, amount, share's places, share's envelope) of `year` (None, None: no share)."""
    # The year's dates in the key: a program whose dates change counts its years again.
    key = f"tier-usage:year:{program_pk}:{year.number}:{year.starts_on}:{year.ends_on}"
    version, found = cache_versions.read(USAGE_VERSION_KEY, [key])
    counted = found.get(key, {})
    missing = [pk for pk in tier_pks if pk not in counted]
    if missing:
        share = YearShare.objects.filter(tier=OuterRef("pk"), year=year.number)
        tiers = GrantTier.objects.filter(pk__in=missing).annotate(
            share_places=Subquery(share.values("places")[:1]), share_envelope=Subquery(share.values("envelope")[:1]),
        )
        fresh = tier_usage(tiers, decided_between=(year.start, year.end))
        counted = {**counted, **{
            usage.tier.pk: (usage.awards, usage.awarded_amount, usage.tier.share_places, usage.tier.share_envelope)
            for usage in fresh
        }}
        cache_versions.store(version, {key: counted}, timeout=USAGE_SECONDS)
    return counted


# --- The staff list's count, from the cache ------------------------------------------------------

# The applications list unfiltered (its default page, the team's most visited) counts every
# application of the person's scope: a COUNT(*) over the 50 000 of the scale set, a tenth of the
# page. Kept per scope (the regions the person follows, or all) under a version that every
# application created (saved, or in bulk: ApplicationQuerySet.bulk_create) or deleted, and every
# change of an organisme's region, forgets (now and after the commit).
LIST_COUNT_VERSION_KEY = "applications-list-count:version"
LIST_COUNT_SECONDS = 300


def counted(queryset, region_ids) -> int:
    """`queryset.count()` for a queryset that is every application of the regions `region_ids`
    (None: all), from the cache while no application came, went or changed region."""
    scope = "all" if region_ids is None else ",".join(str(pk) for pk in sorted(region_ids))
    key = f"applications-list-count:{scope}"
    version, found = cache_versions.read(LIST_COUNT_VERSION_KEY, [key])
    if key in found:
        return found[key]
    count = queryset.count()
    cache_versions.store(version, {key: count}, timeout=LIST_COUNT_SECONDS)
    return count


def forget_list_counts(**_signal_arguments) -> None:
    cache_versions.forget(LIST_COUNT_VERSION_KEY)


def applications_of(organisme):
    return Application.objects.filter(organisme=organisme).select_related("tier").order_by("-created_at", "-pk")


# The dashboard's list and every tier's answer (applications.eligibility) read these columns only
# (not the answers' texts); the same SQL on every dashboard, compiled once per process.
_DASHBOARD_APPLICATIONS = CompiledQuery(
    lambda organisme_pk: applications_of(organisme_pk).only(
        "pk", "number", "title", "status", "amount_requested", "created_at", "organisme_id", "tier__code",
        "tier__name_fr", "tier__name_en",
    )
)


def dashboard_applications(organisme) -> list[Application]:
    """`applications_of(organisme)` as the organisme dashboard shows them."""
    return _DASHBOARD_APPLICATIONS.run(organisme_pk=organisme.pk)


def with_page_details(application: Application) -> Application:
    """Load once what the review page, the step pages and the PDF show (a fixed number of queries)."""
    prefetch_related_objects([application], "status_changes", "budget_lines", "partners", "attachments")
    return application


@dataclass(frozen=True)
class PageDetails:
    """An application's lists as its pages print them, each in its order."""

    status_changes: list
    budget_lines: list
    partners: list
    attachments: list


def prefetched_details(application: Application) -> PageDetails:
    """The lists `with_page_details` loaded."""
    return PageDetails(
        status_changes=list(application.status_changes.all()), budget_lines=list(application.budget_lines.all()),
        partners=list(application.partners.all()), attachments=list(application.attachments.all()),
    )


def _details_of(model, order, *fields) -> CompiledQuery:
    """The rows of `model` of one application, only the columns the page prints: one application's
    rows need no join to the applications for the `application` of their model's ordering."""
    return CompiledQuery(lambda application_pk: model.objects.filter(application_id=application_pk).order_by(*order).only(*fields))


# Compiling the four prefetches of with_page_details was some 5 800 Python calls of the application
# page: it reads its lists with SQL compiled once per process (dataide.compiled).
_PAGE_DETAILS = {
    "status_changes": _details_of(StatusChange, ("created_at", "pk"), "to_status", "created_at", "message"),
    "budget_lines": _details_of(BudgetLine, ("position", "pk"), "category", "description", "amount"),
    "partners": _details_of(PartnerOrganisme, ("position", "pk"), "name", "role"),
    "attachments": _details_of(Attachment, ("uploaded_at", "pk"), "original_name", "size"),
}


def page_details(application: Application) -> PageDetails:
    """What the application page prints of its lists (the same rows as `prefetched_details`,
    the other columns deferred), in four queries."""
    return PageDetails(**{name: query.run(application_pk=application.pk) for name, query in _PAGE_DETAILS.items()})


# --- staff work queues (the staff home, see dataide.staff_home) ---------------------------------


def _screening_queue(region_ids):
    queue = (
        Application.objects.filter(status__in=SCREENING_QUEUE_STATUSES)
        .select_related("organisme", "tier")
        # What the panel shows: the window count then sorts narrow rows, not ~5 600 whole
        # applications and organismes (their answers and texts) at full scale.
        .only("number", "submitted_at", "organisme__legal_name", "tier__name_fr", "tier__name_en")
    )
    return within_regions(queue, region_ids, "region").order_by("submitted_at", "pk")


_SCREENING_QUEUE = CompiledQueue(_screening_queue)


def screening_queue(region_ids):
    """Submitted applications not screened yet, the oldest first: (count, first rows)."""
    return _SCREENING_QUEUE.first(region_ids=region_ids)


def _overdue_info_requests(region_ids, today):
    queue = (
        Application.objects.filter(
            status=ApplicationStatus.INFO_REQUESTED, info_requests__answered_at__isnull=True,
            info_requests__due_on__lt=today,
        )
        .annotate(info_due_on=F("info_requests__due_on"))
        .select_related("organisme")
        .only("number", "organisme__legal_name")  # what the panel shows (see screening_queue)
    )
    return within_regions(queue, region_ids, "region").order_by("info_due_on", "pk")


_OVERDUE_INFO_REQUESTS = CompiledQueue(_overdue_info_requests)


def overdue_info_requests(region_ids):
    """Applications whose requested information is past its due date, the oldest due first:
    (count, first rows), each row with `info_due_on`. Staff decide what follows."""
    return _OVERDUE_INFO_REQUESTS.first(region_ids=region_ids, today=timezone.localdate())


def _waitlists(region_ids, language):
    waiting = within_regions(Application.objects.filter(status=ApplicationStatus.WAITLISTED), region_ids, "region")
    # Counted per tier and region id on the applications' index, each group's names read once
    # (GroupColumn): the tiers joined first made PostgreSQL group ~2 000 joined rows on their names.
    # The name in the reader's language, then in French (as GrantTier.localized reads it).
    names = {f"name_{code}": GroupColumn(GrantTier, f"name_{code}", "tier_id") for code in dict.fromkeys([language, "fr"])}
    return (
        waiting.order_by()
        .values_list("tier_id", "region_id")
        .annotate(region_name=GroupColumn(Region, "name", "region_id"), **names, waiting=Count("pk"))
        .alias(tier_position=GroupColumn(GrantTier, "position", "tier_id"), region_code=GroupColumn(Region, "code", "region_id"))
        .order_by("tier_position", "region_code")
    )


_WAITLISTS = CompiledQuery(_waitlists)


def waitlists(region_ids) -> list[dict]:
    """The waiting lists, one row per tier and region: tier (its name in the reader's language,
    in French when not written in it), region id and name, count. One query: the waitlisted
    applications counted per tier and region."""
    return [
        {"tier": next(filter(None, names), ""), "tier_id": pk, "region_id": region_id, "region__name": region_name,
         "count": count}
        for pk, region_id, region_name, *names, count in _WAITLISTS.run(
            region_ids=region_ids, shape={"language": short_language()},
        )
    ]
