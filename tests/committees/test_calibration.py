"""Calibration: figures by hand, the flag rule, « sans objet », conflicts left out, staff only
(members, organismes and another region's staff get 404), flat queries."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from committees.calibration import committee_calibration
from committees.models import ConflictDeclaration, SeatKind
from dataide.accounts.roles import Role
from tests.committees.factories import CommitteeFactory, assign, members, scorecard, seat_member
from tests.factories import StaffUserFactory
from tests.helpers import login_staff
from tests.organismes.factories import member_of
from tests.staff.factories import ESTRIE, regional_staff

pytestmark = pytest.mark.django_db

# First criterion, three applications: A 4,4,5 · B 2,2,2 · C 3,4,3 · D 3,SO,3. The three other
# criteria are 3 everywhere.
# The page's queries: session, user, the access check, then two for the figures (the roles,
# permissions, whether MFA is on and the header's organismes come from the cache after the first
# page: dataide.accounts.authz).
QUERIES = 5
FIRST = {0: (4, 4, 5), 1: (2, 2, 2), 2: (3, 4, 3), 3: (3, "na", 3)}


def _committee():
    committee = CommitteeFactory(scoring_deadline=timezone.localdate() - timedelta(days=1))
    people = members(committee)
    assignments = [assign(committee) for _ in range(3)]
    for index, person in enumerate(people):
        for assignment, first in zip(assignments, FIRST[index], strict=True):
            scorecard(assignment, person, [first, 3, 3, 3])
    return committee, people, assignments


def _first_criterion(committee):
    return {row.member.pk: row for row in committee_calibration(committee)[0].members}


def test_figures_by_hand_and_the_flag_rule():
    committee, (a, b, c, d), _assignments = _committee()
    rows = _first_criterion(committee)
    # A: mean 13/3 = 4,33; σ = √(59/3 − (13/3)²) = √(2/9) = 0,47; others (6+10+6)/8 = 2,75; gap 1,58 → flagged.
    assert (rows[a.pk].mean, rows[a.pk].spread, rows[a.pk].others_mean) == (D("4.33"), D("0.47"), D("2.75"))
    assert rows[a.pk].flagged
    # B: 2,00, σ 0; others 29/8 = 3,625 → 3,63 (shown); gap 1,625 → flagged.
    assert (rows[b.pk].mean, rows[b.pk].spread, rows[b.pk].others_mean) == (D("2.00"), D("0.00"), D("3.63"))
    assert rows[b.pk].flagged
    # C: 10/3 = 3,33 against 25/8 = 3,125: not flagged.
    assert rows[c.pk].mean == D("3.33") and not rows[c.pk].flagged
    # D: two scores, one « sans objet »: too few scores to be flagged.
    assert (rows[d.pk].scored, rows[d.pk].not_applicable, rows[d.pk].mean) == (2, 1, D("3.00"))
    assert not rows[d.pk].flagged
    assert committee_calibration(committee)[0].not_applicable == 1
    assert not any(row.flagged for item in committee_calibration(committee)[1:] for row in item.members)


def test_a_conflicted_members_scores_are_left_out():
    committee, (a, _b, _c, _d), assignments = _committee()
    ConflictDeclaration.objects.filter(assignment__in=assignments, member=a).update(has_conflict=True)
    assert a.pk not in _first_criterion(committee)


def test_staff_read_it_members_and_organismes_and_other_regions_do_not(client):
    committee, people, assignments = _committee()
    url = reverse("committees:calibration", args=[committee.pk])
    login_staff(client, StaffUserFactory())
    page = client.get(url).content.decode()
    assert "à discuter" in page and "plus de 1 niveau" in page and people[0].full_name in page
    assert url in client.get(reverse("committees:results", args=[committee.pk])).content.decode()
    for outsider in (people[1], regional_staff(ESTRIE), member_of(assignments[0].application.organisme)):
        login_staff(client, outsider)
        assert client.get(url).status_code == 404
    # Staff who sit on the committee are members here: they do not see it either.
    seated = StaffUserFactory(roles=[Role.DATAIDE_TEAM, Role.COMMITTEE_MEMBER])
    committee.seats.filter(kind=SeatKind.DATAIDE_TEAM).delete()
    seat_member(committee, SeatKind.DATAIDE_TEAM, user=seated)
    login_staff(client, seated)
    assert client.get(url).status_code == 404
    results = client.get(reverse("committees:results", args=[committee.pk])).content.decode()
    assert url not in results


@pytest.mark.parametrize("applications", [1, 12])
def test_query_count_is_flat(client, django_assert_num_queries, applications):
    committee = CommitteeFactory(scoring_deadline=timezone.localdate() - timedelta(days=1))
    for _ in range(applications):
        assignment = assign(committee)
        for person in members(committee):
            scorecard(assignment, person, [3, 4, 2, "na"])
    login_staff(client, StaffUserFactory())
    url = reverse("committees:calibration", args=[committee.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES):
        assert client.get(url).status_code == 200

