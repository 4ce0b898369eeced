"""Reads of the committee pages, each in a fixed number of queries whatever the number of
applications (the tests hold them to it)."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Subquery

from applications.selectors import tier_usage

from .aggregation import (
    ApplicationResult,
    CriterionMark,
    aggregate,
    ranking_key,
    weighted_score,
)
from .models import (
    Assignment,
    Committee,
    ConflictDeclaration,
    CriterionScore,
    Recommendation,
    Scorecard,
    ScorecardStatus,
)


def scorecard_score(scorecard: Scorecard) -> Decimal | None:
    """The weighted score of a scorecard whose scores were fetched with their criterion."""
    return weighted_score(
        CriterionMark(weight=row.criterion.weight, score=row.score, not_applicable=row.not_applicable)
        for row in scorecard.scores.all()
    )


def _scores_with_criteria():
    return CriterionScore.objects.select_related("criterion").order_by("criterion__position", "criterion__pk")


def _conflicted(member) -> Exists:
    return Exists(ConflictDeclaration.objects.filter(assignment=OuterRef("pk"), member=member, has_conflict=True))


# --- The member's dashboard ----------------------------------------------------------------


@dataclass
class DashboardCommittee:
    committee: Committee
    assignments: list = field(default_factory=list)

    @property
    def progress(self) -> Counter:
        return Counter(assignment.progress for assignment in self.assignments)


def member_dashboard(user) -> list[DashboardCommittee]:
    """The applications of the member's committees, minus those they declared a conflict on,
    with the member's own progress: « todo », « draft » or « submitted »."""
    own_scorecards = Scorecard.objects.filter(assignment=OuterRef("pk"), member=user)
    assignments = (
        Assignment.objects.filter(committee__seats__user=user)
        .exclude(_conflicted(user))
        .annotate(
            scorecard_status=Subquery(own_scorecards.values("status")[:1]),
            declared=Exists(ConflictDeclaration.objects.filter(assignment=OuterRef("pk"), member=user)),
        )
        .select_related("committee__region", "application__organisme", "application__tier")
        .order_by("committee__scoring_deadline", "committee__pk", "application__title", "pk")
    )
    committees: dict[int, DashboardCommittee] = {}
    for assignment in assignments:
        assignment.progress = assignment.scorecard_status or "todo"
        committees.setdefault(assignment.committee_id, DashboardCommittee(assignment.committee)).assignments.append(
            assignment
        )
    for committee in Committee.objects.for_member(user).select_related("region").exclude(pk__in=committees):
        committees[committee.pk] = DashboardCommittee(committee)
    return list(committees.values())


def remaining_scorecards_by_member(committee: Committee) -> dict[int, int]:
    """For each member: applications of the committee they have not submitted a scorecard for
    (conflicts excluded)."""
    assignments = committee.assignments.prefetch_related(
        Prefetch("scorecards", queryset=Scorecard.objects.filter(status=ScorecardStatus.SUBMITTED), to_attr="submitted"),
        Prefetch("conflict_declarations", queryset=ConflictDeclaration.objects.filter(has_conflict=True), to_attr="conflicts"),
    )
    member_ids = list(committee.seats.values_list("user_id", flat=True))
    remaining = Counter()
    for assignment in assignments:
        done = {scorecard.member_id for scorecard in assignment.submitted}
        done |= {declaration.member_id for declaration in assignment.conflicts}
        remaining.update(member for member in member_ids if member not in done)
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


@dataclass
class ResultRow:
    assignment: Assignment
    result: ApplicationResult
    rank: int = 0

    @property
    def application(self):
        return self.assignment.application

    @property
    def recommendation_tally(self) -> list[tuple[str, int]]:
        return [(label, self.result.recommendations.get(value, 0)) for value, label in Recommendation.choices]


@dataclass
class CommitteeResults:
    committee: Committee
    rows: list[ResultRow]
    tier_usages: list
    expected: int
    submitted: int

    @property
    def all_in(self) -> bool:
        return bool(self.rows) and self.submitted >= self.expected

    @property
    def closed(self) -> bool:
        """Results show once the deadline passed or every expected scorecard is in."""
        return self.committee.deadline_passed() or self.all_in


def committee_results(committee: Committee) -> CommitteeResults:
    """The committee's applications ranked by result. Only submitted scorecards of members
    without a conflict of interest count (see committees.aggregation)."""
    seat_count = committee.seats.count()
    assignments = list(
        committee.assignments.select_related("application__organisme", "application__tier", "application__decided_by")
        .prefetch_related(
            Prefetch(
                "scorecards",
                queryset=Scorecard.objects.filter(status=ScorecardStatus.SUBMITTED).prefetch_related(
                    Prefetch("scores", queryset=_scores_with_criteria())
                ),
                to_attr="submitted",
            ),
            Prefetch(
                "conflict_declarations",
                queryset=ConflictDeclaration.objects.filter(has_conflict=True),
                to_attr="conflicts",
            ),
        )
    )
    rows, expected, submitted = [], 0, 0
    for assignment in assignments:
        conflicted = {declaration.member_id for declaration in assignment.conflicts}
        counted = [scorecard for scorecard in assignment.submitted if scorecard.member_id not in conflicted]
        expected += seat_count - len(conflicted)
        submitted += len(counted)
        result = aggregate(
            (scorecard_score(scorecard) for scorecard in counted),
            (scorecard.recommendation for scorecard in counted),
            quorum=committee.quorum,
        )
        rows.append(ResultRow(assignment=assignment, result=result))
    rows.sort(key=lambda row: ranking_key(row.result))
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
    return CommitteeResults(
        committee=committee,
        rows=rows,
        tier_usages=tier_usage(committee.tiers.all()),
        expected=expected,
        submitted=submitted,
    )


# --- The application as members read it ----------------------------------------------------

# Shown in the page header, or not for scorers (the reason is written to the organisme after
# the decision).
_NOT_SECTIONS = {"title", "number", "status", "decision_reason"}


def application_sections(application) -> list[tuple[str, str]]:
    """The application's written answers as (label, text), read from the model's text fields so
    the page follows the form as the applications app grows it."""
    sections = []
    for model_field in application._meta.concrete_fields:
        if model_field.name in _NOT_SECTIONS or model_field.get_internal_type() != "TextField":
            continue
        value = getattr(application, model_field.name)
        if value:
            sections.append((model_field.verbose_name, value))
    return sections
