"""committees.access fetches a member's assignment from SQL compiled once per process (per number
of the person's organismes, what changes its shape): the same objects the ORM builds, the same
refusals, and a person whose organismes change is answered with the query of their new count."""

import pytest
from django.urls import reverse

from applications.models import PartnerOrganisme
from committees import access
from committees.conflicts import member_organisme_ids
from committees.models import Alternate, AlternateCall, SeatKind
from tests.committees.factories import CommitteeFactory, assign, declare, members
from tests.factories import MembershipFactory, OrganismeFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def _orm(user, application_pk):
    return next(iter(access._member_assignments(user, application_pk, member_organisme_ids(user))), None)


def _objects(assignment):
    """Every object the page reads, each with its values and state, read without a query."""
    application = assignment.application
    return [
        (type(obj), obj._state.db, obj._state.adding, {name: value for name, value in vars(obj).items() if name != "_state"})
        for obj in (assignment, assignment.committee, application, application.organisme, application.tier)
    ]


def _cases():
    committee = CommitteeFactory()
    community, team, it, _regional = members(committee)  # by kind
    answered, unanswered, conflicted, called = (assign(committee) for _index in range(4))
    unassigned = assign(CommitteeFactory())
    declare(answered, community)
    declare(conflicted, community, has_conflict=True)
    alternate = Alternate.objects.create(
        committee=committee, kind=SeatKind.IT_ORGANISATION, user=UserFactory(), organisation="Org", position=0
    )
    AlternateCall.objects.create(assignment=called, alternate=alternate)
    # A member of the applying organisme, and one of two organismes, one a partner of an application.
    MembershipFactory(user=team, organisme=unanswered.application.organisme)
    partner = OrganismeFactory(legal_name="Réseau des cuisines")
    MembershipFactory(user=it, organisme=partner)
    MembershipFactory(user=it, organisme=OrganismeFactory())
    PartnerOrganisme.objects.create(application=answered.application, name=" réseau des cuisines ", role="Cuisine")
    people = (community, team, it, alternate.user, UserFactory())
    return people, (answered, unanswered, conflicted, called, unassigned)


def test_the_compiled_query_finds_what_the_orm_finds(django_assert_num_queries):
    people, assignments = _cases()
    found = 0
    for user in people:
        for assignment in assignments:
            expected = _orm(user, assignment.application_id)
            with django_assert_num_queries(1):  # the query, then every object read from its row
                compiled = access._fetch_member_assignment(user, assignment.application_id)
                compiled_objects = compiled and _objects(compiled)
            assert (compiled is None) == (expected is None), (user, assignment)
            if expected is not None:
                found += 1
                assert compiled_objects == _objects(expected)
    # The seats 3 each (the community seat not its conflict, the team not its organisme's, IT not its
    # partner's; nobody the other committee's), the alternate the one they were called on.
    assert found == 10
    assert {len(member_organisme_ids(user)) for user in people} == {0, 1, 2}


def test_the_compiled_query_reads_who_reads_and_whether_they_answered():
    people, (answered, unanswered, _conflicted, called, _unassigned) = _cases()
    community, _team, _it, alternate, _nobody = people
    assert (access.assignment_for_member(community, answered.application_id).declared,
            access.assignment_for_member(community, unanswered.application_id).declared) == (True, False)
    assert access.assignment_for_member(community, answered.application_id).reader_kind == SeatKind.COMMUNITY_ORGANISATION
    assert access.assignment_for_member(alternate, called.application_id).reader_kind == SeatKind.IT_ORGANISATION


@pytest.mark.parametrize("who", ["unassigned", "declared", "organisme member", "partner", "alternate not called"])
def test_members_are_refused_what_is_not_theirs(client, who):
    committee = CommitteeFactory()
    community, _team, _it, _regional = members(committee)
    assignment = assign(committee)
    user = community
    if who == "unassigned":
        assignment = assign(CommitteeFactory())
    elif who == "declared":
        declare(assignment, community, has_conflict=True)
    elif who == "organisme member":
        MembershipFactory(user=community, organisme=assignment.application.organisme)
    elif who == "partner":
        MembershipFactory(user=community, organisme=OrganismeFactory(legal_name="Réseau des cuisines"))
        PartnerOrganisme.objects.create(application=assignment.application, name="Réseau des cuisines", role="Cuisine")
    else:
        user = Alternate.objects.create(
            committee=committee, kind=SeatKind.IT_ORGANISATION, user=UserFactory(), organisation="Org", position=0
        ).user
    login_staff(client, user)
    for name in ("committees:application", "committees:conflict", "committees:peers"):
        assert client.get(reverse(name, args=[assignment.application_id])).status_code == 404, name


def test_joining_the_applying_organisme_is_answered_by_the_query_of_the_new_count(client):
    committee = CommitteeFactory()
    community = members(committee)[0]
    assignment = assign(committee)
    declare(assignment, community)
    login_staff(client, community)
    url = reverse("committees:application", args=[assignment.application_id])
    assert client.get(url).status_code == 200  # compiled for a person of no organisme
    MembershipFactory(user=community, organisme=assignment.application.organisme)
    assert client.get(url).status_code == 404
