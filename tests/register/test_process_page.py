"""« Comment les bourses sont attribuées »: tiers and what is left, criteria and their changelog,
the four seat kinds without names, and statistics with cells under 5 applications hidden."""

from decimal import Decimal

import pytest

from applications.models import ApplicationStatus
from committees.models import SeatKind
from programs.models import TierCode
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
    montreal = next(row for row in stats.regions if row.label.startswith("06"))
    assert (montreal.received, montreal.eligible, montreal.awarded, montreal.declined) == (8, 7, None, None)
    quebec = next(row for row in stats.regions if row.label.startswith("03"))
    assert (quebec.received, quebec.eligible, quebec.awarded, quebec.declined) == (None, None, None, None)
    acceleration = next(row for row in stats.tiers if row.label == tier(TierCode.ACCELERATION).name_fr)
    assert acceleration.received is None  # no application at all: nothing to show either


def test_the_median_time_to_decision_needs_five_decisions(client):
    for day in (2, 4, 6, 8):
        award(decided_at=award_time(2026, 5, 1 + day))  # submitted 1 May
    assert _year_one(client.get(URL)).median_days is None
    award(decided_at=award_time(2026, 5, 11))
    assert _year_one(client.get(URL)).median_days == 6.0
