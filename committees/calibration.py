"""Calibration, for staff who brief committees: per committee and criterion, how each member
scores — mean, spread (standard deviation), « sans objet » — beside the other members.

The rule that flags a member (written on the page too): on a criterion, a member who gave at
least MIN_SCORES scores is flagged when their mean is more than FLAG_GAP (one level of the 0–5
scale) away from the mean of every other member's scores on that criterion (themselves at
least MIN_SCORES). Counted: submitted scorecards of members without a conflict of interest, as
the results count them. Never shown to members or organismes (committees.access)."""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Sum

from programs.models import Criterion

from .models import Committee, ConflictDeclaration, CriterionScore, ScorecardStatus

FLAG_GAP = Decimal(1)
MIN_SCORES = 3
TWO_PLACES = Decimal("0.01")


def _two(value) -> Decimal | None:
    """Rounded half up, as by hand (3,625 → 3,63)."""
    return None if value is None else Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class MemberRow:
    member: object
    scored: int
    not_applicable: int
    mean: Decimal | None
    spread: Decimal | None
    """Population standard deviation of the member's scores on the criterion."""
    others_mean: Decimal | None
    flagged: bool = False

    @property
    def gap(self) -> Decimal | None:
        if self.mean is None or self.others_mean is None:
            return None
        return self.mean - self.others_mean


@dataclass
class CriterionCalibration:
    criterion: Criterion
    members: list[MemberRow] = field(default_factory=list)

    @property
    def not_applicable(self) -> int:
        return sum(row.not_applicable for row in self.members)


def _rows(committee: Committee):
    conflicted = ConflictDeclaration.objects.filter(
        assignment=OuterRef("scorecard__assignment"), member=OuterRef("scorecard__member"), has_conflict=True
    )
    return (
        CriterionScore.objects.filter(
            scorecard__assignment__committee=committee, scorecard__status=ScorecardStatus.SUBMITTED
        )
        .exclude(Exists(conflicted))
        .order_by()
        .values("criterion_id", "scorecard__member_id")
        .annotate(
            scored=Count("score"),
            total=Sum("score"),
            squares=Sum(F("score") * F("score"), output_field=IntegerField()),
            na=Count("pk", filter=Q(not_applicable=True)),
        )
    )


def committee_calibration(committee: Committee) -> list[CriterionCalibration]:
    """Three queries whatever the size of the committee: the sums by member and criterion, the
    criteria, the members."""
    by_criterion = defaultdict(list)
    for row in _rows(committee):
        by_criterion[row["criterion_id"]].append(row)
    criteria = Criterion.objects.filter(pk__in=by_criterion).select_related("criteria_set__tier").order_by(
        "criteria_set__tier__position", "position", "pk"
    )
    people = get_user_model().objects.in_bulk({row["scorecard__member_id"] for rows in by_criterion.values() for row in rows})
    return [_calibrate(criterion, by_criterion[criterion.pk], people) for criterion in criteria]


def _calibrate(criterion, rows, people) -> CriterionCalibration:
    all_scored = sum(row["scored"] for row in rows)
    all_total = sum(row["total"] or 0 for row in rows)
    calibration = CriterionCalibration(criterion)
    for row in sorted(rows, key=lambda row: str(people[row["scorecard__member_id"]])):
        scored, total = row["scored"], row["total"] or 0
        mean = Decimal(total) / scored if scored else None
        spread = math.sqrt(max(row["squares"] / scored - float(mean) ** 2, 0)) if scored else None
        others = all_scored - scored
        others_mean = Decimal(all_total - total) / others if others else None
        member = MemberRow(
            member=people[row["scorecard__member_id"]], scored=scored, not_applicable=row["na"],
            mean=_two(mean), spread=_two(spread), others_mean=_two(others_mean),
        )
        member.flagged = (
            scored >= MIN_SCORES and others >= MIN_SCORES
            and abs(mean - others_mean) > FLAG_GAP
        )
        calibration.members.append(member)
    return calibration
