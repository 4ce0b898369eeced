"""Hand-computed expected values for the scoring rules (committees.aggregation)."""

from decimal import Decimal

import pytest

from committees.aggregation import (
    CriterionMark,
    aggregate,
    ranking_key,
    rounded,
    weighted_score,
)

# The amorçage criteria weigh 30 / 25 / 20 / 25.
WEIGHTS = [Decimal(30), Decimal(25), Decimal(20), Decimal(25)]


def marks(*scores):
    return [
        CriterionMark(weight=weight, score=None if score == "na" else score, not_applicable=score == "na")
        for weight, score in zip(WEIGHTS, scores, strict=True)
    ]


def test_weighted_score_uses_the_weights():
    # (30×4 + 25×3 + 20×5 + 25×2) / 100 = 345 / 100
    assert weighted_score(marks(4, 3, 5, 2)) == Decimal("3.45")


def test_not_applicable_is_removed_from_the_denominator_never_counted_as_zero():
    # (30×4 + 25×3 + 25×2) / (30 + 25 + 25) = 245 / 80 = 3.0625
    assert weighted_score(marks(4, 3, "na", 2)) == Decimal("3.0625")
    # Counting it as 0 would have given 245 / 100 = 2.45.
    assert weighted_score(marks(4, 3, 0, 2)) == Decimal("2.45")


def test_a_scorecard_all_not_applicable_has_no_score():
    assert weighted_score(marks("na", "na", "na", "na")) is None


def test_mean_spread_and_count_over_scorecards():
    scores = [Decimal("3.45"), Decimal("3.0625"), Decimal("4")]
    result = aggregate(scores, ["fund", "fund", "do_not_fund"], quorum=3)
    # (3.45 + 3.0625 + 4) / 3 = 3.504166… ; spread 4 − 3.0625 = 0.9375
    assert (result.mean, result.spread, result.count) == (Decimal("3.50"), Decimal("0.94"), 3)
    assert result.quorum_met
    assert result.recommendations == {"fund": 2, "do_not_fund": 1}


def test_quorum_counts_only_scorecards_with_a_score():
    # The all-« sans objet » scorecard (None) is neither in the mean nor in the count.
    result = aggregate([Decimal("4"), None, Decimal("2")], ["fund", "fund", "fund"], quorum=3)
    assert (result.mean, result.spread, result.count, result.quorum_met) == (Decimal("3.00"), Decimal("2.00"), 2, False)
    assert aggregate([Decimal("4"), Decimal("2")], [], quorum=2).quorum_met


def test_no_scorecard_no_result():
    result = aggregate([], [], quorum=3)
    assert (result.mean, result.spread, result.count, result.quorum_met) == (None, None, 0, False)


@pytest.mark.parametrize("value,expected", [(Decimal("3.505"), Decimal("3.50")), (Decimal("3.5051"), Decimal("3.51")), (None, None)])
def test_rounding_to_two_places(value, expected):
    assert rounded(value) == expected


def test_ranking_puts_final_results_first_then_best_mean_then_least_spread():
    final_low = aggregate([Decimal(2), Decimal(2), Decimal(2)], [], quorum=3)
    final_high_spread = aggregate([Decimal(5), Decimal(3), Decimal(4)], [], quorum=3)
    final_high_tight = aggregate([Decimal(4), Decimal(4), Decimal(4)], [], quorum=3)
    not_final = aggregate([Decimal(5)], [], quorum=3)
    ordered = sorted([not_final, final_low, final_high_spread, final_high_tight], key=ranking_key)
    assert ordered == [final_high_tight, final_high_spread, final_low, not_final]
