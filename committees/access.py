"""One access helper per model for the committee pages: each answers the same 404 for « does not
exist » and « not yours », so a member cannot even learn which applications exist elsewhere."""

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import (
    Assignment,
    Committee,
    ConflictDeclaration,
    Scorecard,
    ScorecardStatus,
)

RESULTS_PERMISSION = "committees.view_committee"


def committee_for_member(user, committee_pk) -> Committee:
    """A committee the user sits on; staff allowed to view committees reach every committee."""
    committees = Committee.objects.select_related("region")
    if not user.has_perm(RESULTS_PERMISSION):
        committees = committees.filter(seats__user=user)
    return get_object_or_404(committees, pk=committee_pk)


def assignment_for_member(user, application_pk) -> Assignment:
    """The assignment of an application to a committee the user sits on, unless they declared a
    conflict of interest on it: from then on it does not exist for them."""
    return get_object_or_404(
        Assignment.objects.filter(committee__seats__user=user)
        .exclude(Exists(ConflictDeclaration.objects.filter(assignment=OuterRef("pk"), member=user, has_conflict=True)))
        .select_related("committee", "application__organisme", "application__tier"),
        application_id=application_pk,
    )


def declared_assignment_for_member(user, application_pk) -> Assignment | None:
    """Like `assignment_for_member`, or None while the member has not answered the conflict
    question: the application's content stays hidden until they have."""
    assignment = assignment_for_member(user, application_pk)
    if not ConflictDeclaration.objects.filter(assignment=assignment, member=user).exists():
        return None
    return assignment


def scorecard_for_member(user, application_pk, *, submitted: bool = False) -> Scorecard:
    """The user's own scorecard for an application (404 when conflicted or not assigned);
    with `submitted=True`, 404 until they submitted it — the gate of blind scoring."""
    assignment = assignment_for_member(user, application_pk)
    scorecards = Scorecard.objects.filter(assignment=assignment, member=user)
    if submitted:
        scorecards = scorecards.filter(status=ScorecardStatus.SUBMITTED)
    scorecard = scorecards.select_related("criteria_set").first()
    if scorecard is None:
        raise Http404
    scorecard.assignment = assignment
    return scorecard
