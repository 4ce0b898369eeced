"""« Comment les bourses sont attribuées »: tiers and what is left, criteria and their changelog,
the four seat kinds without names, and statistics with cells under 5 applications hidden."""

from decimal import Decimal

import pytest

from applications.models import ApplicationStatus
from committees.models import SeatKind
from programs.models import TierCode
from register.process import COLUMNS, StatRow, _suppressed
from tests.factories import publish_criteria_version, tier

from .factories import award, award_time

pytestmark = pytest.mark.django_db
S = ApplicationStatus
URL = "/fr/octrois/comment-les-bourses-sont-attribuees/"


def _year_one(response):
    return response.context["years"][0]


def test_the_page_shows_places_left_criteria_and_seat_kinds(client):
    award(code=TierCode.INNOVATION, amount="50000")
    page = client.get(URL)
    content = page.content.decode()

    innovation = next(usage for usage, _versions in page.context["tiers"] if usage.tier.code == TierCode.INNOVATION)
    assert innovation.places_left == innovation.tier.quota - 1
    for _value, label in SeatKind.choices:
        assert str(label) in content
    criterion = tier(TierCode.AMORCAGE).current_criteria_set.criteria.first()
    assert criterion.label_fr in content


def test_the_changelog_says_what_a_new_version_changed(client):
    def lower_first_weight(criteria):
        first, second = criteria[0], criteria[1]
        first.weight, second.weight = first.weight - 5, second.weight + 5
        first.save()
        second.save()

    publish_criteria_version(tier(TierCode.AMORCAGE), edit=lower_first_weight)

    content = client.get(URL).content.decode()
    assert "pondération" in content
    assert "Version 2, publiée le" in content


def _applications(count, *, status, region_code="06", code=TierCode.AMORCAGE):
    return [award(status=status, region_code=region_code, code=code,
                  amount_awarded=Decimal("4000") if status in (S.AWARDED, S.PAID) else None) for _ in range(count)]


def test_statistics_per_tier_and_region_with_small_cells_hidden(client):
    _applications(4, status=S.AWARDED, region_code="06")
    _applications(3, status=S.DECLINED, region_code="06")
    _applications(1, status=S.SUBMITTED, region_code="06")
    _applications(3, status=S.DECLINED, region_code="03")  # 3 received: the whole row is hidden

    stats = _year_one(client.get(URL))

    amorcage = next(row for row in stats.tiers if row.label == tier(TierCode.AMORCAGE).name_fr)
    # 11 received, 10 eligible; 4 awarded and 6 declined — 4 is a small cell, hidden.
    assert (amorcage.received, amorcage.eligible, amorcage.awarded, amorcage.declined) == (11, 10, None, 6)
    quebec = next(row for row in stats.regions if row.label.startswith("03"))
    assert (quebec.received, quebec.eligible, quebec.awarded, quebec.declined) == (None, None, None, None)
    # Montréal's 8 received and 7 eligible would give Québec's 3 away (11 − 8, 10 − 7): hidden too.
    montreal = next(row for row in stats.regions if row.label.startswith("06"))
    assert (montreal.received, montreal.eligible, montreal.awarded, montreal.declined) == (None, None, None, None)
    acceleration = next(row for row in stats.tiers if row.label == tier(TierCode.ACCELERATION).name_fr)
    assert (acceleration.received, acceleration.awarded) == (0, 0)  # a zero points at no one


def _row(received, eligible, awarded, declined):
    return {"received": received, "eligible": eligible, "awarded": awarded, "declined": declined}


def _recoverable(rows, shown, total_of) -> list[tuple[str, str]]:
    """The hidden cells a reader gets back as « total − shown cells » (a column hiding one cell)."""
    found = []
    for key in COLUMNS:
        hidden = [(label, counts) for (label, counts), row in zip(rows, shown, strict=True) if getattr(row, key) is None]
        if len(hidden) == 1:
            label, counts = hidden[0]
            visible = sum(getattr(row, key) for row in shown if getattr(row, key) is not None)
            assert total_of(key) - visible == counts[key]
            found.append((label, key))
    return found


def test_a_hidden_cell_cannot_be_recovered_by_subtracting_the_shown_cells_from_the_total():
    # Hand-built: three regions whose year total (63 awarded) the tiers' table shows anyway.
    rows = [("A", _row(20, 15, 3, 12)), ("B", _row(30, 25, 10, 15)), ("C", _row(40, 30, 50, 0))]
    total = {key: sum(counts[key] for _label, counts in rows) for key in COLUMNS}.__getitem__

    shown = _suppressed(rows)

    # A's 3 awarded is hidden; so is the next smallest cell of its column, B's 10: 63 − 50 = 13
    # is all a reader gets, shared between two cells.
    assert [row.awarded for row in shown] == [None, None, 50]
    assert [row.declined for row in shown] == [12, 15, 0]  # nothing hidden: nothing added
    assert _recoverable(rows, shown, total) == []
    # Without the complementary cell, A's 3 comes straight back as 63 − 10 − 50.
    alone = [StatRow(label, counts["received"], counts["eligible"], None if label == "A" else counts["awarded"],
                     counts["declined"]) for label, counts in rows]
    assert _recoverable(rows, alone, total) == [("A", "awarded")]


def test_two_small_cells_summing_under_five_take_a_third():
    rows = [("A", _row(10, 9, 1, 8)), ("B", _row(10, 9, 2, 7)), ("C", _row(10, 9, 6, 3)), ("D", _row(12, 9, 8, 1))]
    shown = _suppressed(rows)
    # 1 + 2 = 3 < 5 hidden together still says « both small »: C's 6 joins them; D's 8 stays.
    assert [row.awarded for row in shown] == [None, None, None, 8]
    # Declined: C's 3 and D's 1 take the smallest shown cell, B's 7; A's 8 stays.
    assert [row.declined for row in shown] == [8, None, None, None]


def test_the_median_time_to_decision_needs_five_decisions(client):
    for day in (2, 4, 6, 8):
        award(decided_at=award_time(2026, 5, 1 + day))  # submitted 1 May
    assert _year_one(client.get(URL)).median_days is None
    award(decided_at=award_time(2026, 5, 11))
    assert _year_one(client.get(URL)).median_days == 6.0
