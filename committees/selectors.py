"""Reads of the committee pages, each in a fixed number of queries whatever the number of
applications (the tests hold them to it)."""

from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.display import scorer_sections
from applications.models import Application, Attachment, BudgetLine
from applications.selectors import shown_tier_usage, shown_year_usages
from applications.statuses import DECIDABLE_STATUSES, ApplicationStatus
from applications.waitlist import tie_break
from dataide import cache_versions
from dataide.compiled import CompiledQuery, prefetched, user_with_pk
from dataide.i18n import short_language
from dataide.staff_home import GroupColumn
from programs.admin_scoping import within_regions
from programs.models import Criterion, Region

from .aggregation import (
    ApplicationResult,
    CriterionMark,
    aggregate,
    ranking_key,
    weighted_mean,
    weighted_score,
)
from .conflicts import automatic_conflict_filter, member_organisme_ids
from .models import (
    AlternateCall,
    Assignment,
    Committee,
    ConflictDeclaration,
    CriterionScore,
    Scorecard,
    ScorecardStatus,
    Seat,
)
from .quorum import sits_on


def scorecard_score(scorecard: Scorecard) -> Decimal | None:
    """The weighted score of a scorecard whose scores were fetched with their criterion."""
    return weighted_score(
        CriterionMark(weight=row.criterion.weight, score=row.score, not_applicable=row.not_applicable)
        for row in scorecard.scores.all()
    )


def _scores_with_criteria():
    return CriterionScore.objects.select_related("criterion").order_by("criterion__position", "criterion__pk")


def conflicted(user, assignment_ref="pk", organisme_ids=None):
    """True for the assignments `user` has a conflict of interest on: declared or recorded, or
    automatic (committees.conflicts: a member of the applying organisme or of a partner), even
    before it is recorded. `assignment_ref` is the path from the queryset's model to the
    assignment; `organisme_ids`: the person's organismes, when the caller has them. Every
    committee page filters with it, so they all follow the same rule."""
    application_ref = "application" if assignment_ref == "pk" else f"{assignment_ref}__application"
    # An uncorrelated IN (the member's few conflicts, by the partial index on them) costs Django
    # half the work of an EXISTS to build, on every committee page.
    declared = Q(**{
        f"{assignment_ref}__in": ConflictDeclaration.objects.filter(member_id=user.pk, has_conflict=True).values("assignment_id")
    })
    return declared | automatic_conflict_filter(user, application_ref, organisme_ids)


# --- The member's dashboard ----------------------------------------------------------------


DASHBOARD_PER_PAGE = 50
PROGRESS_STATES = ("todo", ScorecardStatus.DRAFT, ScorecardStatus.SUBMITTED)


@dataclass
class DashboardCommittee:
    committee: Committee
    progress: dict = field(default_factory=dict)
    """The member's « todo » / « draft » / « submitted » counts over all the committee's rows."""
    assignments: list = field(default_factory=list)
    """The committee's rows on the requested page only (DashboardRow)."""

    @property
    def total(self) -> int:
        return sum(self.progress.values())


@dataclass
class MemberDashboard:
    committees: list[DashboardCommittee]
    page: Page


def _judged_in_order(user, committee_ids) -> list[tuple[int, int, str | None]]:
    """(assignment id, committee id, own scorecard status) of every assignment `user` judges in
    these committees, in the dashboard's order: the committee's deadline, what is left to do
    first, then the title. The scorecard is joined (one per member and assignment) rather than
    read by a correlated subquery per row. Conflicts are left in: the caller removes them, live."""
    return list(
        Assignment.objects.filter(sits_on(user), committee__in=committee_ids)
        .annotate(own=FilteredRelation("scorecards", condition=Q(scorecards__member=user)))
        .annotate(
            scorecard_status=F("own__status"),
            progress_order=Case(
                When(scorecard_status__isnull=True, then=Value(0)),
                When(scorecard_status=ScorecardStatus.DRAFT, then=Value(1)),
                default=Value(2),
            ),
        )
        .order_by("committee__scoring_deadline", "committee__pk", "progress_order", "application__title", "pk")
        .values_list("pk", "committee_id", "scorecard_status")
    )


# One letter per row for its progress in the cached columns (see JudgedRows).
PROGRESS_LETTERS = {"todo": "t", ScorecardStatus.DRAFT: "d", ScorecardStatus.SUBMITTED: "s"}
PROGRESS_OF_LETTER = {letter: progress for progress, letter in PROGRESS_LETTERS.items()}


@dataclass(frozen=True)
class JudgedRows:
    """`_judged_in_order` as columns: arrays of ids and one letter of progress per row. The
    cache hands back three objects instead of 1 500 tuples, which Python's garbage collector
    would otherwise count and sweep (a full collection of the process's objects costs ~8 ms)."""

    pks: array
    committee_ids: array
    progress: str

    @classmethod
    def of(cls, rows) -> "JudgedRows":
        return cls(
            pks=array("q", [pk for pk, _committee_id, _status in rows]),
            committee_ids=array("q", [committee_id for _pk, committee_id, _status in rows]),
            progress="".join(PROGRESS_LETTERS[status or "todo"] for _pk, _committee_id, status in rows),
        )


def _cached_judged_in_order(user, committee_ids) -> JudgedRows:
    """`_judged_in_order` from the cache, under the versions of the member's committees: a
    scorecard (the member's own included), an assignment, a seat or an alternate call of one of
    them forgets it (`forget_committee_ranking`). 1 500 narrow rows a committee at full scale."""
    versions = ":".join(f"{pk}.{_ranking_version(pk)}" for pk in committee_ids)
    key = f"member-dashboard:{user.pk}:{versions}"
    rows = cache.get(key)
    if rows is None:
        rows = JudgedRows.of(_judged_in_order(user, committee_ids))
        cache.set(key, rows, timeout=RANKING_SECONDS)
    return rows


@dataclass(slots=True)
class DashboardRow:
    """What the dashboard shows of one assignment of the page (read as plain values: 50 rows of
    three model instances each cost more than the query)."""

    application_id: int
    number: str
    title: str
    organisme: str
    tier: str
    amount_requested: Decimal
    declared: bool
    """The member answered the conflict question."""
    progress: str = "todo"
    """« todo », « draft » or « submitted »."""


def _dashboard_values(user_pk, assignment_ids, language):
    # The tier's name in the active language, else in French (as LocalizedFieldsMixin reads it).
    tier_names = dict.fromkeys([f"application__tier__name_{language}", "application__tier__name_fr"])
    return (
        Assignment.objects.filter(pk__in=assignment_ids)
        .annotate(declared=Exists(ConflictDeclaration.objects.filter(assignment=OuterRef("pk"), member_id=user_pk)))
        .values_list(
            "pk", "committee_id", "application_id", "application__number", "application__title",
            "application__organisme__legal_name", "application__amount_requested", "declared", *tier_names,
        )
    )


# The dashboard's three queries, compiled once per process (dataide.compiled): Django's compiling
# them was a third of the page's Python work.
_JUDGED_COMMITTEES = CompiledQuery(
    lambda user_pk: Committee.objects.judged_by(user_with_pk(user_pk)).select_related("region").order_by("scoring_deadline", "pk")
)
_CONFLICTED_ASSIGNMENTS = CompiledQuery(
    lambda user_pk, committee_ids, organisme_ids: Assignment.objects.filter(committee__in=committee_ids)
    .filter(conflicted(user_with_pk(user_pk), organisme_ids=organisme_ids))
    .values_list("pk", flat=True)
)
_DASHBOARD_VALUES = CompiledQuery(_dashboard_values)


def _dashboard_rows(user, assignment_ids) -> dict[int, tuple[int, DashboardRow]]:
    """assignment id → (its committee id, its row)."""
    values = _DASHBOARD_VALUES.run(user_pk=user.pk, assignment_ids=assignment_ids, shape={"language": short_language()})
    return {
        pk: (committee_id, DashboardRow(
            application_id=application_id, number=number, title=title, organisme=organisme,
            amount_requested=amount, declared=declared, tier=next(filter(None, names), ""),
        ))
        for pk, committee_id, application_id, number, title, organisme, amount, declared, *names in values
    }


def member_dashboard(user, *, page=1) -> MemberDashboard:
    """The applications of the member's committees, minus those they declared a conflict on,
    with the member's own progress: « todo », « draft » or « submitted ». Counts cover every
    row; the rows themselves come DASHBOARD_PER_PAGE at a time, what is left to do first. Every
    row's id and status in that order come from the cache (the counts are made from them too),
    then only the page's rows are fetched."""
    committees = {
        committee.pk: DashboardCommittee(committee, progress=dict.fromkeys(PROGRESS_STATES, 0))
        for committee in _JUDGED_COMMITTEES.run(user_pk=user.pk)
    }
    judged = _cached_judged_in_order(user, list(committees))
    # Conflicts read live, whatever the cache holds: they hide applications from the member.
    hidden_ids = set(_CONFLICTED_ASSIGNMENTS.run(
        user_pk=user.pk, committee_ids=list(committees), organisme_ids=member_organisme_ids(user),
    ))
    shown = [index for index, pk in enumerate(judged.pks) if pk not in hidden_ids] if hidden_ids else range(len(judged.pks))
    for index in shown:
        committees[judged.committee_ids[index]].progress[PROGRESS_OF_LETTER[judged.progress[index]]] += 1
    page_obj = Paginator(shown, DASHBOARD_PER_PAGE).get_page(page)
    statuses = {judged.pks[index]: PROGRESS_OF_LETTER[judged.progress[index]] for index in page_obj.object_list}
    rows = _dashboard_rows(user, list(statuses))
    for pk, progress in statuses.items():
        committee_id, row = rows[pk]
        row.progress = progress
        committees[committee_id].assignments.append(row)
    return MemberDashboard(committees=list(committees.values()), page=page_obj)


def remaining_scorecards_by_member(committee: Committee) -> dict[int, int]:
    """For each member: applications of the committee they have not submitted a scorecard for
    (conflicts excluded). Alternates count on the applications they were called in on."""
    assignments = committee.assignments.prefetch_related(
        Prefetch("scorecards", queryset=Scorecard.objects.filter(status=ScorecardStatus.SUBMITTED), to_attr="submitted"),
        Prefetch("conflict_declarations", queryset=ConflictDeclaration.objects.filter(has_conflict=True), to_attr="conflicts"),
        Prefetch("alternate_calls", queryset=AlternateCall.objects.select_related("alternate"), to_attr="calls"),
    )
    member_ids = list(committee.seats.values_list("user_id", flat=True))
    remaining = Counter()
    for assignment in assignments:
        done = {scorecard.member_id for scorecard in assignment.submitted}
        done |= {declaration.member_id for declaration in assignment.conflicts}
        judging = [*member_ids, *(call.alternate.user_id for call in assignment.calls)]
        remaining.update(member for member in dict.fromkeys(judging) if member not in done)
    return dict(remaining)


# --- Other members' scorecards -------------------------------------------------------------


def peer_scorecards(assignment: Assignment, viewer) -> list[Scorecard]:
    """The other members' submitted scorecards, conflicted members left out. The caller has
    checked that the viewer submitted theirs (blind scoring)."""
    conflicted = ConflictDeclaration.objects.filter(assignment=assignment, has_conflict=True).values("member")
    scorecards = list(
        assignment.scorecards.filter(status=ScorecardStatus.SUBMITTED)
        .exclude(member=viewer)
        .exclude(member__in=conflicted)
        .select_related("member")
        .prefetch_related(Prefetch("scores", queryset=_scores_with_criteria()))
        .order_by("submitted_at")
    )
    for scorecard in scorecards:
        scorecard.weighted = scorecard_score(scorecard)
    return scorecards


# --- Results -------------------------------------------------------------------------------

# Fifty rows a page, as the register: each row carries its decision form.
RESULTS_PER_PAGE = 50


@dataclass
class ResultRow:
    assignment: Assignment
    result: ApplicationResult
    rank: int = 0

    @property
    def application(self):
        return self.assignment.application

    @property
    def can_decide(self) -> bool:
        return self.application.status in DECIDABLE_STATUSES


@dataclass
class CommitteeResults:
    committee: Committee
    rows: list[ResultRow]
    """The rows of the requested page only, ranked over every application of the committee."""
    page: Page
    ranking: "CommitteeRanking"
    shown: list
    """The indices in `ranking` of the applications the viewer may see, best first (empty
    while results are hidden)."""
    tier_usages: list
    year_usages: dict
    """Tier pk → the current program year's YearUsage (see `shown_year_usages`)."""
    expected: int
    submitted: int
    assigned: int

    @property
    def results(self) -> dict[int, ApplicationResult]:
        """Every application's result, by assignment id (empty while results are hidden)."""
        return {self.ranking.pks[index]: self.ranking.result(index) for index in self.shown}

    @cached_property
    def availability(self) -> list[tuple]:
        """Each tier's usage beside its current year's share usage (None: no share this year)."""
        return [(usage, self.year_usages.get(usage.tier.pk)) for usage in self.tier_usages]

    @cached_property
    def year_shown(self):
        """The program year whose shares the page shows: the first one set among the tiers."""
        return next((year.year for year in self.year_usages.values() if year.share is not None), None)

    @property
    def all_in(self) -> bool:
        return self.assigned > 0 and self.submitted >= self.expected

    @property
    def closed(self) -> bool:
        return scoring_closed(self.committee, all_in=self.all_in)


def scoring_closed(committee: "Committee | ActiveCommittee", *, all_in: bool, today=None) -> bool:
    """Scoring ends at the deadline, or sooner once every expected scorecard is in: results show
    and decisions may be taken (the decision service asks `review_still_open`). `today`: the
    local date, for a page asking about many committees (reading it costs ~20 calls)."""
    return committee.deadline_passed(today) or all_in


def expected_scorecards(*, seats: int, assignments: int, calls: int, conflicts: int) -> int:
    """The scorecards a committee waits for: one per seat and assignment, and per alternate
    called in, less the conflicts of interest (a conflicted seat or alternate owes none). The
    one formula of the results page, the decision check and the staff home."""
    return seats * assignments + calls - conflicts


def _expected_scorecards(committee: Committee, assignments, count: int) -> int:
    return expected_scorecards(
        seats=committee.seats.count(), assignments=count,
        calls=AlternateCall.objects.filter(assignment__in=assignments).count(),
        conflicts=ConflictDeclaration.objects.filter(assignment__in=assignments, has_conflict=True).count(),
    )


def review_still_open(application) -> str | None:
    """Registered with applications.decisions: why `application` cannot be decided yet (its
    committee is still scoring), or None."""
    assignment = Assignment.objects.filter(application=application).select_related("committee").first()
    if assignment is None:
        return None
    committee = assignment.committee
    assignments = committee.assignments.all()
    count = assignments.count()
    expected = _expected_scorecards(committee, assignments, count)
    submitted = counted_scorecard_sums(assignments).count()
    if scoring_closed(committee, all_in=count > 0 and submitted >= expected):
        return None
    return _(
        "Le comité « %(committee)s » évalue encore cette demande (%(submitted)s grilles soumises sur "
        "%(expected)s) : la décision se prend quand l'évaluation est terminée, après la date limite du "
        "%(deadline)s ou dès que toutes les grilles attendues sont soumises."
    ) % {
        "committee": committee, "submitted": submitted, "expected": expected,
        "deadline": date_format(committee.scoring_deadline, "DATE_FORMAT"),
    }


def counted_scorecard_sums(assignments):
    """One row per counted scorecard (submitted, member without a conflict of interest) of the
    given assignments: (assignment id, recommendation, Σ weight × score, Σ weight) over its scored
    criteria, as stored at submission. `aggregation.weighted_mean` turns the two sums into the
    scorecard's score."""
    conflicted = ConflictDeclaration.objects.filter(
        assignment=OuterRef("assignment"), member=OuterRef("member"), has_conflict=True
    )
    return (
        Scorecard.objects.filter(assignment__in=assignments, status=ScorecardStatus.SUBMITTED)
        .exclude(Exists(conflicted))
        .order_by()
        .values_list("assignment_id", "recommendation", "weighted_total", "total_weight")
    )


def _application_results(
    assignments, quorums: dict[int, int], sums=None
) -> tuple[dict[int, ApplicationResult], int]:
    """Each assignment's result (`quorums`: assignment id → its committee's quorum) and the
    number of scorecards counted; `sums`: the rows of `counted_scorecard_sums(assignments)`, when
    the caller has read them already."""
    cards = defaultdict(list)
    for assignment_id, recommendation, weighted_total, total_weight in (counted_scorecard_sums(assignments) if sums is None else sums):
        cards[assignment_id].append((weighted_mean(weighted_total, total_weight), recommendation))
    results = {
        pk: aggregate(
            (score for score, _recommendation in cards[pk]),
            (recommendation for _score, recommendation in cards[pk]),
            quorum=quorum,
        )
        for pk, quorum in quorums.items()
    }
    return results, sum(len(counted) for counted in cards.values())


def waitlist_ranking(application_ids) -> dict[int, tuple]:
    """Registered with applications.waitlist: each assigned application's ranking key (quorum
    met, mean, spread — `aggregation.ranking_key`), whatever its committee. Two queries."""
    rows = list(
        Assignment.objects.filter(application_id__in=application_ids).values_list("pk", "application_id", "committee__quorum")
    )
    results, _counted = _application_results([pk for pk, _a, _q in rows], {pk: quorum for pk, _a, quorum in rows})
    return {application_id: ranking_key(results[pk]) for pk, application_id, _quorum in rows}


# --- The committee's ranking, cached -------------------------------------------------------

RANKING_SECONDS = 3600


NO_HUNDREDTHS = -1


def _hundredths(value: Decimal | None) -> int:
    return NO_HUNDREDTHS if value is None else int(value * 100)


def _column(values) -> array:
    return array("q", values)


def _decimal(hundredths: int) -> Decimal | None:
    return None if hundredths == NO_HUNDREDTHS else Decimal(hundredths) / 100


@dataclass(frozen=True)
class CommitteeRanking:
    """Every assignment of the committee, best first (applications.waitlist follows this order),
    as columns: arrays of integers, one item per assignment (means and spreads in hundredths,
    they are rounded to two places). The cache hands back a dozen objects instead of 1 500
    results, which Python's garbage collector would otherwise count and sweep (a full
    collection of the process's objects costs ~8 ms)."""

    seats: int
    quorum: int
    pks: array
    application_ids: array
    conflicts: array
    """Members with a conflict of interest on it (declared or recorded)."""
    calls: array
    """Alternates called in on it."""
    counted: array
    """Its counted scorecards (submitted, member without a conflict)."""
    means: array
    spreads: array
    counts: array
    recommendations: dict
    """Recommendation value → array of how many counted scorecards gave it."""

    @classmethod
    def of(cls, committee, ranked: list[int], results: dict, application_ids, conflicts, calls, counted) -> "CommitteeRanking":
        return cls(
            seats=committee.seats.count(),
            quorum=committee.quorum,
            pks=_column(ranked),
            application_ids=_column(application_ids[pk] for pk in ranked),
            conflicts=_column(conflicts.get(pk, 0) for pk in ranked),
            calls=_column(calls.get(pk, 0) for pk in ranked),
            counted=_column(counted[pk] for pk in ranked),
            means=_column(_hundredths(results[pk].mean) for pk in ranked),
            spreads=_column(_hundredths(results[pk].spread) for pk in ranked),
            counts=_column(results[pk].count for pk in ranked),
            recommendations={
                value: _column(results[pk].recommendations.get(value, 0) for pk in ranked)
                for value in {value for pk in ranked for value in results[pk].recommendations}
            },
        )

    def result(self, index: int) -> ApplicationResult:
        tally = {value: counts[index] for value, counts in self.recommendations.items() if counts[index]}
        return ApplicationResult(
            mean=_decimal(self.means[index]), spread=_decimal(self.spreads[index]),
            count=self.counts[index], quorum=self.quorum, recommendations=tally,
        )


def _ranking_version_key(committee_id: int) -> str:
    return f"committee-ranking:version:{committee_id}"


def _ranking_version(committee_id: int) -> str:
    return cache_versions.current(_ranking_version_key(committee_id))


def forget_committee_ranking(committee_id: int) -> None:
    """A scorecard, conflict, alternate call, assignment or seat of the committee changed: the
    ranking is computed again, now and once the change is committed (a page computing between
    the two would otherwise keep the ranking from before)."""
    cache_versions.forget(_ranking_version_key(committee_id))


def forget_ranking_of(sender, instance, **_signal_arguments) -> None:
    """Connected (committees.apps) to the saves and deletions of everything a ranking counts:
    scorecards (submitted or not: cheaper than telling), conflicts, alternate calls (through
    their assignment), assignments and seats (their committee)."""
    if sender in (Assignment, Seat):
        committee_id = instance.committee_id
    elif sender.assignment.is_cached(instance):
        committee_id = instance.assignment.committee_id
    else:
        # None once the assignment itself is deleted: its own deletion forgets the ranking.
        committee_id = Assignment.objects.filter(pk=instance.assignment_id).values_list("committee_id", flat=True).first()
    if committee_id is not None:
        forget_committee_ranking(committee_id)


RANKED_MODELS = (Scorecard, ConflictDeclaration, AlternateCall, Assignment, Seat)


def _conflicts_and_calls(committee: Committee) -> tuple[dict[int, int], dict[int, int]]:
    """Per assignment: the conflicts declared, and the alternates called in (one query for both:
    a UNION ALL of their few rows, counted here)."""
    conflicts = ConflictDeclaration.objects.filter(assignment__committee=committee, has_conflict=True)
    calls = AlternateCall.objects.filter(assignment__committee=committee)
    rows = conflicts.order_by().values_list("assignment_id", Value(True)).union(
        calls.order_by().values_list("assignment_id", Value(False)), all=True
    )
    counted = Counter(rows)
    return (
        {assignment_id: n for (assignment_id, is_conflict), n in counted.items() if is_conflict},
        {assignment_id: n for (assignment_id, is_conflict), n in counted.items() if not is_conflict},
    )


def _compute_ranking(committee: Committee) -> CommitteeRanking:
    """Every assignment ranked by result, then by the published tie-break. Four queries over
    the committee's rows; nothing here depends on who reads."""
    rows = committee.assignments.values_list("pk", "application_id", "application__submitted_at", "application__number")
    ties = {pk: tie_break(submitted_at, number, application_id) for pk, application_id, submitted_at, number in rows}
    application_ids = {pk: application_id for pk, application_id, _submitted_at, _number in rows}
    sums = list(counted_scorecard_sums(committee.assignments.all()))
    results, _counted = _application_results(committee.assignments.all(), dict.fromkeys(application_ids, committee.quorum), sums)
    counted = Counter(assignment_id for assignment_id, *_sums in sums)
    conflicts, calls = _conflicts_and_calls(committee)
    ranked = sorted(application_ids, key=lambda pk: (*ranking_key(results[pk]), *ties[pk]))
    return CommitteeRanking.of(committee, ranked, results, application_ids, conflicts, calls, counted)


def committee_ranking(committee: Committee) -> CommitteeRanking:
    """The committee's ranking, from the cache while nothing it depends on changed
    (`forget_committee_ranking`; the quorum is part of the key, the deadline is not used). For
    pages only: the decision service counts live (`review_still_open`)."""
    key = f"committee-ranking:{_ranking_version(committee.pk)}:{committee.pk}:{committee.quorum}"
    ranking = cache.get(key)
    if ranking is None:
        ranking = _compute_ranking(committee)
        cache.set(key, ranking, timeout=RANKING_SECONDS)
    return ranking


# Only what the results page shows of each row of the page.
RESULT_ROW_FIELDS = (
    "committee_id", "application__number", "application__title", "application__status",
    "application__amount_requested", "application__amount_awarded", "application__organisme__legal_name",
    "application__tier__code", "application__tier__name_fr", "application__tier__name_en",
)


# The page's rows, compiled once per process and page length (dataide.compiled): Django's
# building the query of three tables cost more than the 50 rows themselves.
_RESULT_ROWS = CompiledQuery(
    lambda pks: Assignment.objects.filter(pk__in=pks)
    .select_related("application__organisme", "application__tier")
    .only(*RESULT_ROW_FIELDS)
    .order_by()
)


def _total(column: array, shown) -> int:
    """The sum of a ranking's column over the shown indices (all of them, most often)."""
    if isinstance(shown, range) and len(shown) == len(column):
        return sum(column)
    return sum(map(column.__getitem__, shown))


def committee_results(committee: Committee, *, viewer=None, page=1, application_pk=None) -> CommitteeResults:
    """The committee's applications ranked by result (see committees.aggregation for the rules),
    with the rows of one page of RESULTS_PER_PAGE. `viewer`: the person reading; applications
    they have a conflict of interest on are left out of the rows, the ranks and the counts, as
    if they did not exist. `application_pk` asks for the page holding that application (a
    rejected decision is shown on its row). While scoring is open the results are hidden (only
    the two counts shown). The ranking comes from the cache (`committee_ranking`); a request
    reads the viewer's conflicts, then only the page's rows."""
    ranking = committee_ranking(committee)
    shown = range(len(ranking.pks))
    if viewer is not None:
        hidden_ids = set(_CONFLICTED_ASSIGNMENTS.run(
            user_pk=viewer.pk, committee_ids=[committee.pk], organisme_ids=member_organisme_ids(viewer),
        ))
        if hidden_ids:
            shown = [index for index, pk in enumerate(ranking.pks) if pk not in hidden_ids]
    hidden = CommitteeResults(
        committee=committee, rows=[], page=Paginator([], RESULTS_PER_PAGE).get_page(1), ranking=ranking, shown=[],
        tier_usages=[], year_usages={}, assigned=len(shown),
        expected=expected_scorecards(
            seats=ranking.seats, assignments=len(shown),
            calls=_total(ranking.calls, shown), conflicts=_total(ranking.conflicts, shown),
        ),
        submitted=_total(ranking.counted, shown),
    )
    if not hidden.closed:
        return hidden
    paginator = Paginator(shown, RESULTS_PER_PAGE)
    if application_pk is not None:
        position = next((place for place, index in enumerate(shown) if ranking.application_ids[index] == application_pk), 0)
        page = position // RESULTS_PER_PAGE + 1
    page_obj = paginator.get_page(page)
    tier_usages = shown_tier_usage(committee.tiers.select_related("program"))
    page_assignments = {
        assignment.pk: assignment for assignment in _RESULT_ROWS.run(pks=[ranking.pks[index] for index in page_obj.object_list])
    }
    return replace(
        hidden,
        rows=[
            ResultRow(assignment=page_assignments[ranking.pks[index]], result=ranking.result(index), rank=rank)
            for rank, index in enumerate(page_obj.object_list, start=page_obj.start_index())
        ],
        page=page_obj,
        shown=shown,
        tier_usages=tier_usages,
        year_usages=shown_year_usages([usage.tier for usage in tier_usages], timezone.localdate()),
    )


# --- The application as members read it ----------------------------------------------------


# One row at most (one scorecard per member and assignment): the model's ordering by assignment
# would join and sort the assignments for nothing. Compiled once per process, with its scores.
_OWN_SCORECARD = CompiledQuery(
    lambda assignment_pk, member_pk: Scorecard.objects.filter(assignment_id=assignment_pk, member_id=member_pk)
    .select_related("criteria_set")
    .order_by()[:1]
)
_SCORES = CompiledQuery(lambda scorecard_pk: _scores_with_criteria().filter(scorecard_id=scorecard_pk))


def own_scorecard(assignment: Assignment, member) -> Scorecard | None:
    """The member's scorecard of an assignment the caller reached through committees.access,
    its scores read with their criterion (`scorecard.scores.all()`, as if prefetched)."""
    scorecard = _OWN_SCORECARD.first(assignment_pk=assignment.pk, member_pk=member.pk)
    if scorecard is not None:
        prefetched(scorecard, "scores", _SCORES.run(scorecard_pk=scorecard.pk))
    return scorecard


def scoring_criteria(criteria_set):
    return Criterion.objects.filter(criteria_set=criteria_set).prefetch_related("levels").order_by("position", "pk")


_DOCUMENTS = CompiledQuery(
    lambda application_pk: Attachment.objects.filter(application_id=application_pk).order_by("uploaded_at", "pk")
)


_BUDGET_LINES = CompiledQuery(
    lambda application_pk: BudgetLine.objects.filter(application_id=application_pk).order_by("position", "pk")
)


def with_budget_lines(application):
    """The application with its budget lines kept as a prefetch keeps them: the page lists them
    (`application.budget_lines.all`), from SQL compiled once per process."""
    prefetched(application, "budget_lines", _BUDGET_LINES.run(application_pk=application.pk))
    return application


def application_documents(application) -> list:
    """The files the organisme attached, in the order it attached them."""
    return _DOCUMENTS.run(application_pk=application.pk)


# The answers scorers read are the applications app's explicit list (a field it adds later
# never reaches them unless it names it).
application_sections = scorer_sections


# --- staff work queues (the staff home, see dataide.staff_home) ---------------------------------


def _to_assign(region_ids):
    # NOT EXISTS, not Django's LEFT JOIN … IS NULL: PostgreSQL estimated that join at one row and
    # looked each of the ~1 800 applications' region up in a nested loop before sorting them by
    # its code; counted per region id first, each of the 17 regions is read once (5 → 2.5 ms).
    waiting = Application.objects.filter(status=ApplicationStatus.ELIGIBLE).filter(
        ~Exists(Assignment.objects.filter(application=OuterRef("pk")))
    )
    return (
        within_regions(waiting, region_ids, "region")
        .order_by()
        .values("region_id")
        .annotate(count=Count("pk"), region_name=GroupColumn(Region, "name", "region_id"))
        .alias(region_code=GroupColumn(Region, "code", "region_id"))
        .order_by("region_code")
    )


_TO_ASSIGN = CompiledQuery(_to_assign)


def to_assign(region_ids) -> list[dict]:
    """Eligible applications without a committee, one row per region: region id, region_name, count
    (one query, compiled once per shape: the staff home reads it on every visit)."""
    return _TO_ASSIGN.run(region_ids=region_ids)


# Per committee of the scope with applications to decide: its id, name and deadline, its seats, its
# assignments, those in review, declared conflicts, alternates called in, counted scorecards, and
# the assignments short of the quorum, by members left (seats and alternates called in, less
# conflicts) and by counted scorecards. Summed in SQL over
# pre-grouped counts (hash joins): the ORM can't aggregate per committee what it first counts per
# assignment, and correlated counts per assignment (12 000 at full scale) cost ~5×. One query.
_PROGRESS_SQL = """
WITH scope AS (
    SELECT assignment.id, assignment.committee_id,
           CASE WHEN application.status = %s THEN 1 ELSE 0 END AS in_review
    FROM {assignment} assignment
    JOIN {application} application ON application.id = assignment.application_id
    JOIN {committee} committee ON committee.id = assignment.committee_id
    {region_filter}
), conflicts AS (
    SELECT assignment_id, COUNT(*) AS n FROM {conflict}
    WHERE has_conflict AND assignment_id IN (SELECT id FROM scope) GROUP BY assignment_id
), counted AS (
    SELECT card.assignment_id, COUNT(*) AS n FROM {scorecard} card
    WHERE card.status = %s AND card.assignment_id IN (SELECT id FROM scope) AND NOT EXISTS (
        SELECT 1 FROM {conflict} declared WHERE declared.has_conflict
        AND declared.assignment_id = card.assignment_id AND declared.member_id = card.member_id
    )
    GROUP BY card.assignment_id
), calls AS (
    SELECT assignment_id, COUNT(*) AS n FROM {call}
    WHERE assignment_id IN (SELECT id FROM scope) GROUP BY assignment_id
), seats AS (
    SELECT committee_id, COUNT(*) AS n FROM {seat} GROUP BY committee_id
), per_assignment AS (
    SELECT scope.committee_id, scope.in_review, COALESCE(conflicts.n, 0) AS conflicts,
           COALESCE(calls.n, 0) AS calls, COALESCE(counted.n, 0) AS counted,
           COALESCE(seats.n, 0) + COALESCE(calls.n, 0) - COALESCE(conflicts.n, 0) < committee.quorum AS short_of_seats,
           COALESCE(counted.n, 0) < committee.quorum AS short_of_scorecards
    FROM scope
    JOIN {committee} committee ON committee.id = scope.committee_id
    LEFT JOIN seats ON seats.committee_id = scope.committee_id
    LEFT JOIN conflicts ON conflicts.assignment_id = scope.id
    LEFT JOIN calls ON calls.assignment_id = scope.id
    LEFT JOIN counted ON counted.assignment_id = scope.id
), tallies AS (
    SELECT committee_id, SUM(in_review) AS to_decide, COUNT(*) AS assignments, SUM(conflicts) AS conflicts,
           SUM(calls) AS calls, SUM(counted) AS counted, SUM(CASE WHEN short_of_seats THEN 1 ELSE 0 END) AS short_of_seats,
           SUM(CASE WHEN short_of_seats OR short_of_scorecards THEN 1 ELSE 0 END) AS short_once_closed
    FROM per_assignment GROUP BY committee_id HAVING SUM(in_review) > 0
)
SELECT committee.id, committee.name, committee.scoring_deadline, COALESCE(seats.n, 0) AS seat_count, tallies.to_decide, tallies.assignments AS assignment_count,
       tallies.conflicts AS conflict_count, tallies.calls AS call_count, tallies.counted AS counted_count, tallies.short_of_seats,
       tallies.short_once_closed
FROM tallies
JOIN {committee} committee ON committee.id = tallies.committee_id
LEFT JOIN seats ON seats.committee_id = tallies.committee_id
ORDER BY committee.scoring_deadline, committee.id
"""


class ActiveCommittee(NamedTuple):
    """A committee of the staff home's progress and its tallies (`_PROGRESS_SQL`), kept in the
    cache as a plain tuple: unpickling 25 model instances cost the page some 700 calls on every visit."""

    pk: int
    name: str
    scoring_deadline: date
    seat_count: int
    to_decide: int
    assignment_count: int
    conflict_count: int
    call_count: int
    counted_count: int
    short_of_seats: int
    short_once_closed: int

    def __str__(self):
        return self.name

    deadline_passed = Committee.deadline_passed  # the model's own rule


def _active_committees(region_ids) -> list[tuple]:
    """The committees with applications in review (within `region_ids`), each with its tallies
    (`_PROGRESS_SQL`), as ActiveCommittee's plain tuples. Plain SQL both PostgreSQL and SQLite
    (make run's default) understand: IN lists, SUM(CASE …)."""
    regions = sorted(region_ids) if region_ids is not None else None
    if regions == []:
        return []
    sql = _PROGRESS_SQL.format(
        assignment=Assignment._meta.db_table, application=Application._meta.db_table,
        conflict=ConflictDeclaration._meta.db_table, call=AlternateCall._meta.db_table, scorecard=Scorecard._meta.db_table, seat=Seat._meta.db_table,
        committee=Committee._meta.db_table,
        region_filter="" if regions is None else "WHERE committee.region_id IN ({})".format(", ".join(["%s"] * len(regions))),
    )
    # Parameters in the order of their placeholders: the status in review, the regions, the status submitted.
    params = [ApplicationStatus.IN_REVIEW.value, *(regions or []), ScorecardStatus.SUBMITTED.value]
    # Through the model (its fields convert the deadline SQLite gives as text), then plain values.
    return [
        (row.pk, row.name, row.scoring_deadline, *(int(getattr(row, name)) for name in ActiveCommittee._fields[3:]))
        for row in Committee.objects.raw(sql, params)
    ]


# --- Kept from the cache: the staff home reads the committees' progress on every visit ----------

PROGRESS_VERSION_KEY = "committee-progress:version"
PROGRESS_SECONDS = 600


def forget_committee_progress(**_signal) -> None:
    """What the progress counts changed (a committee, seat, assignment, conflict, scorecard, an
    application or its status): the staff home counts again, now and once it is committed (a page
    counting between the two would otherwise keep the count from before)."""
    cache_versions.forget(PROGRESS_VERSION_KEY)


def forget_on_status_change(instance, **_signal) -> None:
    """A status moved (applications.transitions.move_to records each move): only a move into or
    out of « in review » changes what the committees have to decide."""
    if ApplicationStatus.IN_REVIEW in (instance.from_status, instance.to_status):
        forget_committee_progress()


def forget_on_application_saved(update_fields=None, **_signal) -> None:
    """An application saved whole (not a move, which names its fields): its status may be any."""
    if update_fields is None:
        forget_committee_progress()


def _cached_active_committees(region_ids) -> list[ActiveCommittee]:
    scope = "all" if region_ids is None else "-".join(str(pk) for pk in sorted(region_ids)) or "none"
    # The rows' shape is in the key: a process of the previous release reads and writes the same
    # cache, and its rows are model instances. Kept beside the version: one round trip reads both.
    key = f"committee-progress:rows:{scope}"
    version, found = cache_versions.read(PROGRESS_VERSION_KEY, [key])
    rows = found.get(key)
    if rows is None:
        rows = _active_committees(region_ids)
        cache_versions.store(version, {key: rows}, PROGRESS_SECONDS)
    return [ActiveCommittee._make(row) for row in rows]


@dataclass
class CommitteeProgress:
    committee: ActiveCommittee
    to_decide: int
    """Its applications waiting for their first decision (in review; a waiting list is its own queue)."""
    expected: int
    submitted: int
    quorum_problems: int
    """Applications whose counted scorecards cannot reach (or, scoring closed, did not reach) the quorum."""
    closed: bool
    """Scoring is over (`scoring_closed`), asked once per page: both committee panels read it."""


def committee_progress(region_ids) -> list[CommitteeProgress]:
    """The committees with applications still to decide, the nearest deadline first, with their
    scoring progress counted as the results page counts it (`expected_scorecards`; submitted
    scorecards of members without a conflict). One query, none while no
    count changed (`forget_committee_progress`); whether scoring is closed is asked now."""
    progress = []
    today = timezone.localdate()
    for committee in _cached_active_committees(region_ids):
        expected = expected_scorecards(
            seats=committee.seat_count, assignments=committee.assignment_count,
            calls=committee.call_count, conflicts=committee.conflict_count,
        )
        submitted = committee.counted_count
        closed = scoring_closed(committee, all_in=expected > 0 and submitted >= expected, today=today)
        progress.append(CommitteeProgress(
            committee=committee, to_decide=committee.to_decide, expected=expected, submitted=submitted,
            quorum_problems=committee.short_once_closed if closed else committee.short_of_seats, closed=closed,
        ))
    return progress
