"""The staff home's committee progress (committees.selectors.committee_progress) counts the
expected scorecards as the results page and the decision check do: one per seat and
assignment, and per alternate called in, less the conflicts. An alternate called in on an
application owes a scorecard: until it is in, scoring is not over."""

import pytest

from committees import selectors, services
from committees.models import Alternate, AlternateCall, SeatKind
from tests.committees.factories import CommitteeFactory, assign, members, scorecard
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _progress(committee):
    return next(item for item in selectors.committee_progress(None) if item.committee.pk == committee.pk)


def _alternate(committee, kind):
    return Alternate.objects.create(committee=committee, kind=kind, user=UserFactory(), organisation="Org", position=0)


def test_an_alternate_called_in_is_expected_on_the_staff_home_as_on_the_results_page():
    committee = CommitteeFactory()  # quorum 3 of 4 seats
    assignment = assign(committee)
    community, team, it, regional = members(committee)  # by kind
    alternate = _alternate(committee, SeatKind.COMMUNITY_ORGANISATION)
    for member in (it, community):
        services.declare_conflict(actor=member, assignment=assignment, has_conflict=True, reason="employment")
    assert AlternateCall.objects.get().alternate == alternate
    criteria = assignment.application.tier.current_criteria_set.criteria.count()
    for member in (regional, team):
        scorecard(assignment, member, [3] * criteria)

    progress = _progress(committee)
    # 4 seats − 2 conflicts + 1 alternate; the alternate's scorecard is not in yet.
    assert (progress.submitted, progress.expected) == (2, 3)
    assert progress.expected == selectors.committee_results(committee).expected
    assert not progress.closed
    assert selectors.review_still_open(assignment.application) is not None
    # Three members left to score it, the alternate included: the quorum can still be reached.
    assert progress.quorum_problems == 0

    scorecard(assignment, alternate.user, [4] * criteria)
    progress = _progress(committee)
    assert (progress.submitted, progress.expected) == (3, 3) and progress.closed
    assert selectors.review_still_open(assignment.application) is None


def test_calling_an_alternate_or_ending_the_call_forgets_the_kept_progress():
    committee = CommitteeFactory()
    assignment = assign(committee)
    assert _progress(committee).expected == 4  # counted once, then kept
    call = AlternateCall.objects.create(assignment=assignment, alternate=_alternate(committee, SeatKind.DATAIDE_TEAM))
    assert _progress(committee).expected == 5
    call.delete()
    assert _progress(committee).expected == 4

