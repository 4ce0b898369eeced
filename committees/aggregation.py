"""How scores add up: pure functions, no database, used by the scorecard page, the results page
and exports alike (static/js/scorecard.js mirrors `weighted_score` for the live total).

« Sans objet » (not applicable) has ONE meaning everywhere:
    a criterion marked « sans objet » is left out of that member's weighted score — its weight is
    removed from the denominator — and is never counted as 0. If every criterion of a scorecard is
    « sans objet », the scorecard has no score: it is not part of the mean nor of the count.

Scores go from 0 to 5. A scorecard's score is the weighted mean of its scored criteria. An
application's result is the plain mean of the scores of the submitted scorecards of members
without a conflict of interest; its spread is the highest minus the lowest of those scores (0 when
there is one); the result is final once `count` reaches the committee's quorum.

The results page does not build every score: a scorecard stores, when it is submitted (it never
changes afterwards), Σ weight × score and Σ weight over its scored criteria (`weighted_sums`);
the page hands the two sums to `weighted_mean` — the same division `weighted_score` ends with, so
both paths give the same numbers (tests/committees/test_results_fast_path.py holds them to it).
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

NOT_APPLICABLE_HELP = _(
    "« Sans objet » : le critère ne s'applique pas à ce projet. Il est retiré de votre moyenne "
    "pondérée (son poids ne compte pas) et n'est jamais compté comme 0. Si tous les critères sont "
    "« sans objet », votre grille n'a pas de note."
)

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class CriterionMark:
    weight: Decimal
    score: int | None
    not_applicable: bool = False


def weighted_score(marks: Iterable[CriterionMark]) -> Decimal | None:
    """Weighted mean (0–5) of the scored criteria; None when no criterion carries a score.

    A criterion still unanswered in a draft is left out like « sans objet »; submission requires
    every criterion to be answered, so a submitted scorecard only leaves out « sans objet ».
    """
    return weighted_mean(*weighted_sums(marks))


def weighted_sums(marks: Iterable[CriterionMark]) -> tuple[Decimal, Decimal]:
    """Σ(weight × score) and Σ(weight) over the scored criteria: what a submitted scorecard
    stores (Scorecard.weighted_total, total_weight) and the results page ranks on."""
    scored = [(Decimal(mark.weight), mark.score) for mark in marks if not mark.not_applicable and mark.score is not None]
    return (
        sum((weight * score for weight, score in scored), Decimal(0)),
        sum((weight for weight, _score in scored), Decimal(0)),
    )


def weighted_mean(weighted_total: Decimal | None, total_weight: Decimal | None) -> Decimal | None:
    """Σ(weight × score) / Σ(weight) over the scored criteria only; None when nothing was scored
    (every criterion « sans objet »), never 0."""
    if not total_weight:
        return None
    return Decimal(weighted_total) / Decimal(total_weight)


def rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(TWO_PLACES)


@dataclass(frozen=True)
class ApplicationResult:
    mean: Decimal | None
    spread: Decimal | None
    count: int
    quorum: int
    recommendations: dict = field(default_factory=dict)

    @property
    def quorum_met(self) -> bool:
        return self.count >= self.quorum


def aggregate(scores: Iterable[Decimal | None], recommendations: Iterable[str], *, quorum: int) -> ApplicationResult:
    """Combine the scores of the counted scorecards (submitted, member without conflict).

    `scores` holds each counted scorecard's weighted score (None for an all-« sans objet » one),
    `recommendations` their recommendations.
    """
    values = [score for score in scores if score is not None]
    mean = sum(values, Decimal(0)) / len(values) if values else None
    spread = (max(values) - min(values)) if values else None
    return ApplicationResult(
        mean=rounded(mean),
        spread=rounded(spread),
        count=len(values),
        quorum=quorum,
        recommendations=dict(Counter(recommendations)),
    )


def ranking_key(result: ApplicationResult):
    """Final results first, then best mean, then most agreement (smallest spread)."""
    return (
        not result.quorum_met,
        result.mean is None,
        -(result.mean or 0),
        result.spread if result.spread is not None else Decimal(99),
    )
