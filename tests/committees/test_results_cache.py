"""The results page ranks from a cached ranking per committee (committees.selectors.committee_ranking):
every change the ranking counts forgets it, in the same transaction and once committed, so a
page never shows a ranking, a count or a row from before the change."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees import selectors, services
from committees.models import Alternate, Seat, SeatKind
from committees.services import Mark
from tests.committees.factories import CommitteeFactory, assign, declare, members, scorecard
from tests.factories import MembershipFactory, StaffUserFactory, UserFactory
from tests.helpers import login_staff


def _closed_committee():
    return CommitteeFactory(scoring_deadline=timezone.localdate() - timedelta(days=1))


def _counts(committee):
    results = selectors.committee_results(committee)
    return results.submitted, results.expected, [row.application.title for row in results.rows]


def _submit(assignment, member, score):
    card = services.start_scorecard(actor=member, assignment=assignment)
    criteria = card.criteria_set.criteria.all()
    return services.save_scorecard(
        actor=member, scorecard=card, marks={criterion.pk: Mark(score=score) for criterion in criteria},
        recommendation="fund", general_comment="", submit=True,
    )


@pytest.mark.django_db
def test_a_second_visit_reads_the_ranking_from_the_cache():
    committee = _closed_committee()
    a, b, c, _d = members(committee)
    for index in range(3):
        assignment = assign(committee, title=f"Projet {index}")
        for member in (a, b, c):
            scorecard(assignment, member, [5 - index] * 4)
    with CaptureQueriesContext(connection) as first:
        selectors.committee_results(committee)
    with CaptureQueriesContext(connection) as second:
        selectors.committee_results(committee)
    assert len(second) == len(first) - 5  # the ranking's five queries
    assert _counts(committee) == (9, 12, ["Projet 0", "Projet 1", "Projet 2"])


@pytest.mark.django_db
def test_a_submitted_scorecard_changes_the_ranking_at_once(django_capture_on_commit_callbacks):
    committee = CommitteeFactory()  # still scoring: the counts show, the ranking waits
    a, b, c, d = members(committee)
    first, second = assign(committee, title="Premier"), assign(committee, title="Second")
    for member in (a, b, c):
        scorecard(first, member, [3] * 4)
        scorecard(second, member, [2] * 4)
    assert _counts(committee) == (6, 8, [])
    declare(second, d)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _submit(second, d, 5)  # (2 + 2 + 2 + 5) / 4 = 2.75 < 3: still second, but counted
    assert callbacks  # forgotten again once committed
    assert _counts(committee) == (7, 8, [])
    committee.scoring_deadline = timezone.localdate() - timedelta(days=1)  # read from the committee, not cached
    assert _counts(committee) == (7, 8, ["Premier", "Second"])
    assert selectors.committee_results(committee).rows[1].result.count == 4


@pytest.mark.django_db
def test_a_declared_then_withdrawn_conflict_changes_the_counts_and_the_ranking():
    committee = _closed_committee()
    a, b, c, d = members(committee)
    assignment = assign(committee, title="Conflit")
    for member in (a, b, c, d):
        scorecard(assignment, member, [4] * 4)
    assert _counts(committee)[:2] == (4, 4)
    declaration = declare(assignment, UserFactory())  # a declaration by someone else changes nothing
    assert _counts(committee)[:2] == (4, 4)
    declaration.delete()
    declaration = assignment.conflict_declarations.get(member=d)
    declaration.has_conflict, declaration.reason = True, "other"
    declaration.save()
    assert _counts(committee)[:2] == (3, 3)
    services.withdraw_conflict(actor=StaffUserFactory(), declaration=declaration, reason="Erreur de saisie.")
    assert _counts(committee)[:2] == (4, 4)


@pytest.mark.django_db
def test_new_assignments_alternate_calls_and_seats_change_the_counts():
    committee = _closed_committee()
    assign(committee, title="Un")
    assert _counts(committee)[:2] == (0, 4)
    assign(committee, title="Deux")
    assert _counts(committee)[:2] == (0, 8)
    alternate = Alternate.objects.create(
        committee=committee, kind=SeatKind.DATAIDE_TEAM, user=UserFactory(), organisation="Org", position=0
    )
    alternate.calls.create(assignment=committee.assignments.first())
    assert _counts(committee)[:2] == (0, 9)
    Seat.objects.filter(committee=committee, kind=SeatKind.DATAIDE_TEAM).delete()
    assert _counts(committee)[:2] == (0, 7)


@pytest.mark.django_db
def test_a_seat_given_again_through_the_service_is_counted_at_once():
    committee = _closed_committee()
    assign(committee, title="Un")
    seats = [services.SeatSpec(kind=seat.kind, user=seat.user, organisation=seat.organisation)
             for seat in committee.seats.order_by("kind")]
    Seat.objects.filter(committee=committee, kind=SeatKind.DATAIDE_TEAM).delete()
    assert _counts(committee)[:2] == (0, 3)
    services.save_committee(actor=StaffUserFactory(), committee=committee, tiers=list(committee.tiers.all()), seats=seats)
    assert _counts(committee)[:2] == (0, 4)


@pytest.mark.django_db
def test_the_quorum_is_part_of_the_key():
    committee = _closed_committee()
    a, b, _c, _d = members(committee)
    assignment = assign(committee)
    for member in (a, b):
        scorecard(assignment, member, [4] * 4)
    assert not selectors.committee_results(committee).rows[0].result.quorum_met  # 2 of 3
    committee.quorum = 2
    assert selectors.committee_results(committee).rows[0].result.quorum_met


@pytest.mark.django_db
def test_the_version_is_forgotten_in_the_transaction_and_after_the_commit(django_capture_on_commit_callbacks):
    committee = _closed_committee()
    selectors.committee_results(committee)
    key = f"committee-ranking:version:{committee.pk}"
    assert cache.get(key)
    with django_capture_on_commit_callbacks() as callbacks:
        assign(committee)
        assert cache.get(key) is None  # in the transaction
        selectors.committee_results(committee)  # a page computing before the commit…
        assert cache.get(key)
    for callback in callbacks:
        callback()
    assert cache.get(key) is None  # …does not keep its version once the change is committed


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 120])
def test_results_queries_are_the_same_for_a_small_and_a_large_committee(client, count):
    committee = _closed_committee()
    seated = members(committee)
    for index in range(count):
        assignment = assign(committee, title=f"Projet {index}")
        for member in seated[:3]:
            scorecard(assignment, member, [index % 6, 3, "na", 4])
    login_staff(client, StaffUserFactory())
    url = reverse("committees:results", args=[committee.pk])
    client.get(url)  # the ranking computed and cached
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert page.count("Enregistrer la décision") == min(count, selectors.RESULTS_PER_PAGE)
    # Session and user, MFA, the committee, the viewer's conflicts, the page's rows, the tiers,
    # the navigation's memberships, consent: never one per row.
    assert len(queries) <= 10, [query["sql"][:120] for query in queries.captured_queries]


# --- The member's dashboard: its rows in order from the cache, conflicts read live -----------


def _dashboard(client):
    return client.get(reverse("committees:dashboard")).content.decode()


@pytest.mark.django_db
def test_the_members_dashboard_follows_their_scorecards_and_conflicts(client):
    committee = CommitteeFactory()
    member = members(committee)[0]
    kept, conflicted = assign(committee, title="Gardée"), assign(committee, title="Conflit")
    login_staff(client, member)
    assert "à faire : 2, brouillons : 0, soumises : 0" in _dashboard(client)
    declare(kept, member)
    card = services.start_scorecard(actor=member, assignment=kept)
    services.save_scorecard(actor=member, scorecard=card, marks={}, recommendation="", general_comment="", submit=False)
    assert "à faire : 1, brouillons : 1, soumises : 0" in _dashboard(client)
    services.declare_conflict(actor=member, assignment=conflicted, has_conflict=True, reason="employment")
    page = _dashboard(client)
    assert "Conflit" not in page and "à faire : 0, brouillons : 1, soumises : 0" in page


@pytest.mark.django_db
def test_a_membership_hides_the_application_from_the_cached_dashboard_at_once(client):
    committee = CommitteeFactory()
    member = members(committee)[0]
    assignment = assign(committee, title="Projet de l'organisme")
    login_staff(client, member)
    assert "1 demande à évaluer" in _dashboard(client)
    # Written without the service (nothing recorded, no version forgotten): the rule still holds.
    MembershipFactory(user=member, organisme=assignment.application.organisme)
    assert "Aucune demande ne vous est confiée" in _dashboard(client)
