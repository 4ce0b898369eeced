"""The committee side of the IDOR walk: every committees URL that takes an id answers 404 to whoever
it is not for — a member of another committee, regional staff of another region and, on an
application's pages, the member who declared a conflict of interest on it — while the person it is
for reaches it. A committees URL taking an id without a case below fails the suite."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import DecisionReview, PartnerOrganisme, StatusChange
from committees.feedback.models import FeedbackLetter
from committees.models import ConflictDeclaration, SeatKind
from dataide.accounts.roles import Role
from organismes.models import MembershipRole
from tests.applications.factories import AttachmentFactory
from tests.committees.factories import CommitteeFactory, assign, declare, scorecard, seat_member
from tests.factories import MembershipFactory, StaffUserFactory
from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, regional_staff
from tests.test_idor_walk import urls_taking_an_id


@dataclass
class World:
    """A closed committee with one application and its document. `member` sits on it, declared no
    conflict and submitted a scorecard; `decider` (DATAide team) sits on it and declared no
    conflict."""

    committee: object
    assignment: object
    attachment: object
    member: object
    decider: object
    staff: object


def _world() -> World:
    committee = CommitteeFactory(seated=False, scoring_deadline=timezone.localdate() - timedelta(days=1))
    decider = StaffUserFactory(roles=[Role.DATAIDE_TEAM, Role.COMMITTEE_MEMBER])
    seat_member(committee, SeatKind.DATAIDE_TEAM, user=decider)
    member = seat_member(committee, SeatKind.IT_ORGANISATION).user
    for kind in (SeatKind.REGIONAL_CENTRAIDE, SeatKind.COMMUNITY_ORGANISATION):
        seat_member(committee, kind)
    assignment = assign(committee)
    scorecard(assignment, member, [3, 3, 3, 3])
    declare(assignment, decider)
    return World(
        committee, assignment, AttachmentFactory(application=assignment.application), member, decider, StaffUserFactory()
    )


@dataclass(frozen=True)
class Case:
    build: Callable[[World], dict]
    methods: tuple[str, ...] = ("get",)
    insider: str = "member"
    """Who the URL is for: "member", "decider" or "staff" (DATAide team, not on the committee)."""
    conflict_hides: bool = True
    """An application's page: it does not exist for a member who declared a conflict on it."""
    refused: int = 404
    """What outsiders get; anything but 404 needs a reason in the case's comment."""


def _application(world):
    return {"application_pk": world.assignment.application_id}


def _attachment(world):
    return {"application_pk": world.assignment.application_id, "attachment_pk": world.attachment.pk}


def _committee(world):
    return {"committee_pk": world.committee.pk}


def _decision(world):
    return {"committee_pk": world.committee.pk, "application_pk": world.assignment.application_id}


def _letter(world):
    """A declined application with its saved (unsent) feedback letter."""
    application = world.assignment.application
    type(application).objects.filter(pk=application.pk).update(status="declined")
    FeedbackLetter.objects.create(
        application=application, next_steps="Redéposez.", reviewed_by=world.staff, reviewed_at=timezone.now()
    )
    return _application(world)


def _review(world):
    """A demande de révision of the world's application, declined."""
    application = world.assignment.application
    type(application).objects.filter(pk=application.pk).update(status="declined")
    decision = StatusChange.objects.create(application=application, from_status="in_review", to_status="declined")
    member = MembershipFactory(organisme=application.organisme).user
    review = DecisionReview.objects.create(application=application, decision=decision, requested_by=member, reason="Revoir.")
    return {"review_pk": review.pk}


CASES = {
    "committees:conflict": Case(_application, ("get", "post")),
    "committees:application": Case(_application, ("get", "post")),
    "committees:attachment": Case(_attachment),
    "committees:peers": Case(_application),
    # The committee's page: a conflict hides the row, not the page (tests/committees/test_pages.py).
    "committees:results": Case(_committee, conflict_hides=False),
    # The committee and the application are fetched first (404 for outsiders); who may decide is
    # the decision service's rule (tests/applications/test_decisions.py).
    "committees:decide": Case(_decision, ("post",), insider="decider"),
    # Staff pages: members never reach them, whatever their conflicts.
    "committees:feedback_letter": Case(_letter, ("get", "post"), insider="staff", conflict_hides=False),
    "committees:feedback_preview": Case(_letter, insider="staff", conflict_hides=False),
    "committees:calibration": Case(_committee, insider="staff", conflict_hides=False),
    "committees:decision_review": Case(_review, ("get", "post"), insider="staff", conflict_hides=False),
}


def _other_committees_member():
    other = CommitteeFactory()
    declare(assign(other), other.seats.first().user)
    return other.seats.first().user


OUTSIDERS = {
    "membre d'un autre comité": _other_committees_member,
    "personnel d'une autre région": lambda: regional_staff(ESTRIE),
}


def test_every_committee_url_taking_an_id_has_a_case():
    found = urls_taking_an_id(namespaces=("committees",))
    assert "committees:application" in found  # the walk sees the URL configuration
    assert sorted(CASES) == found, "tests/committees/test_idor_walk.py must list exactly the committees URLs taking an id"


def _answer(client, method, url):
    return getattr(client, method)(url).status_code


@pytest.mark.django_db
@pytest.mark.parametrize("outsider", sorted(OUTSIDERS))
@pytest.mark.parametrize("url_name", sorted(CASES))
def test_outsiders_are_refused(client, url_name, outsider):
    case, world = CASES[url_name], _world()
    url = reverse(url_name, kwargs=case.build(world))
    login_staff(client, OUTSIDERS[outsider]())
    for method in case.methods:
        assert _answer(client, method, url) == case.refused, f"{method.upper()} {url}"

    # The same URL answers the person it is for: the refusal is about them, not a broken case.
    login_staff(client, getattr(world, case.insider))
    assert _answer(client, case.methods[0], url) != 404


def _declared(world, insider):
    ConflictDeclaration.objects.filter(assignment=world.assignment, member=insider).update(has_conflict=True)


def _member_of_the_applicant(world, insider):
    """Automatic, and not even recorded yet: the membership began after the assignment."""
    MembershipFactory(user=insider, organisme=world.assignment.application.organisme, role=MembershipRole.COLLABORATOR)


def _member_of_a_partner(world, insider):
    own = MembershipFactory(user=insider).organisme
    PartnerOrganisme.objects.create(application=world.assignment.application, name=f" {own.legal_name.upper()} ", role="Co-porteur")


CONFLICTS = {
    "déclaré": _declared,
    "membre de l'organisme": _member_of_the_applicant,
    "membre d'un partenaire": _member_of_a_partner,
}


@pytest.mark.django_db
@pytest.mark.parametrize("conflict", sorted(CONFLICTS))
@pytest.mark.parametrize("url_name", sorted(name for name, case in CASES.items() if case.conflict_hides))
def test_a_member_with_a_conflict_of_interest_gets_404(client, url_name, conflict):
    case, world = CASES[url_name], _world()
    url = reverse(url_name, kwargs=case.build(world))
    insider = getattr(world, case.insider)
    login_staff(client, insider)
    assert _answer(client, case.methods[0], url) != 404

    CONFLICTS[conflict](world, insider)
    for method in case.methods:
        assert _answer(client, method, url) == 404, f"{method.upper()} {url}"
