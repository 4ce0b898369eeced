"""The one way the committee pages fetch a committee, an application, a document or a scorecard by
id: each helper answers the same 404 for « does not exist » and « not yours », so a member cannot
even learn which applications exist elsewhere.

« Not yours » means: a committee the person neither sits on nor follows as staff of its region;
an application of a committee they do not sit on, or one they declared a conflict of interest on
(from then on it does not exist for them, on every page)."""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from applications.models import Application, Attachment, DecisionReview
from applications.permissions import actor_may
from applications.statuses import Permission
from dataide.compiled import CompiledQuery, user_with_pk
from programs.admin_scoping import staff_region_ids

from .conflicts import member_organisme_ids
from .models import (
    Alternate,
    AlternateCall,
    Assignment,
    Committee,
    ConflictDeclaration,
    Scorecard,
    ScorecardStatus,
    Seat,
)
from .quorum import sits_on
from .selectors import conflicted

RESULTS_PERMISSION = "committees.view_committee"


def reachable_committees(user):
    """The committees whose results `user` may read: those they sit on, and for staff allowed to
    view committees, those of the regions they follow (every region for the DATAide team)."""
    may_view = user.has_perm(RESULTS_PERMISSION)
    return _reachable(user.pk, may_view=may_view, region_ids=staff_region_ids(user) if may_view else None)


def _reachable(user_pk, *, may_view: bool, region_ids):
    committees = Committee.objects.select_related("region")
    seated = Q(Exists(Seat.objects.filter(committee=OuterRef("pk"), user_id=user_pk)))
    if not may_view:
        return committees.filter(seated)
    if region_ids is None:
        return committees
    return committees.filter(seated | Q(region__in=region_ids))


def _committee_for_member(user_pk, committee_pk, region_ids, may_view):
    sits = Exists(Seat.objects.filter(committee=OuterRef("pk"), user_id=user_pk)) | Exists(
        Alternate.objects.filter(committee=OuterRef("pk"), user_id=user_pk)
    )
    return _reachable(user_pk, may_view=may_view, region_ids=region_ids).annotate(viewer_sits=sits).filter(pk=committee_pk)[:1]


# Every results page and decision asks it first: compiled once per process (dataide.compiled).
_COMMITTEE_FOR_MEMBER = CompiledQuery(_committee_for_member)


def committee_for_member(user, committee_pk) -> Committee:
    """The committee, with `viewer_sits`: whether `user` holds a seat or stands in for it (the
    results page asks it to offer calibration, without a query of its own)."""
    may_view = user.has_perm(RESULTS_PERMISSION)
    committee = _COMMITTEE_FOR_MEMBER.first(
        user_pk=user.pk, committee_pk=int(committee_pk), region_ids=staff_region_ids(user) if may_view else None,
        shape={"may_view": may_view},
    )
    if committee is None:
        raise Http404("No committee matches the given query.")
    return committee


def committee_assignment(user, committee: Committee, application_pk) -> Assignment:
    """An application of a committee already reached through `committee_for_member`, unless
    `user` declared a conflict of interest on it."""
    return get_object_or_404(
        committee.assignments.exclude(conflicted(user)).select_related("application"), application_id=application_pk
    )


def _member_assignments(user, application_pk, organisme_ids):
    """At most the one assignment of the application, when `user` judges it (their seat on its
    committee, or an alternate call on it) without a conflict of interest (`organisme_ids`: their
    organismes). Annotated with `declared` (they answered the conflict question) and
    `reader_kind`: the kind of their seat, or of the seat they stand in for."""
    return (
        Assignment.objects.filter(sits_on(user))
        .exclude(conflicted(user, organisme_ids=organisme_ids))
        .annotate(
            declared=Exists(ConflictDeclaration.objects.filter(assignment=OuterRef("pk"), member_id=user.pk)),
            reader_kind=Coalesce(
                Subquery(Seat.objects.filter(committee=OuterRef("committee_id"), user_id=user.pk).values("kind")[:1]),
                Subquery(
                    AlternateCall.objects.filter(assignment=OuterRef("pk"), alternate__user_id=user.pk)
                    .values("alternate__kind")[:1]
                ),
            ),
        )
        .select_related("committee", "application__organisme", "application__tier")
        .filter(application_id=application_pk)
        # One row at most (an application has one assignment): no ordering to compile or sort.
        .order_by()[:1]
    )


# Django compiled its seventy columns, subqueries and conflict filters on every committee page (a
# quarter of the scorecard page's Python work); PostgreSQL's answer is the cheap part.
_MEMBER_ASSIGNMENT = CompiledQuery(
    lambda user_pk, application_pk, organisme_ids: _member_assignments(user_with_pk(user_pk), application_pk, organisme_ids)
)


def _fetch_member_assignment(user, application_pk) -> Assignment | None:
    """`_member_assignments`' one row, from its SQL compiled once per process."""
    return _MEMBER_ASSIGNMENT.first(
        user_pk=user.pk, application_pk=int(application_pk), organisme_ids=member_organisme_ids(user)
    )


def assignment_for_member(user, application_pk) -> Assignment:
    """The assignment of an application to a committee the user sits on (or an alternate called in
    on it), unless they declared a conflict of interest on it. `declared` tells whether they
    answered the conflict question, `reader_kind` as which seat they read it."""
    assignment = _fetch_member_assignment(user, application_pk)
    if assignment is None:
        raise Http404
    # Kept on the request's user for the read log (`judged_assignment`), which runs once the page
    # is served and would otherwise look the seat up again.
    if not hasattr(user, _JUDGED):
        setattr(user, _JUDGED, {})
    getattr(user, _JUDGED)[assignment.application_id] = assignment
    return assignment


_JUDGED = "_committees_judged_assignments"


def judged_assignment(user, application_pk) -> Assignment | None:
    """The assignment `assignment_for_member` fetched for `user` in this request (the user object
    lives as long as its request), or None when they do not judge the application. Read by the
    read log (committees.privacy) after the page: its state then is the one the page was served
    with."""
    judged = getattr(user, _JUDGED, {})
    if application_pk in judged:
        return judged[application_pk]
    try:
        return assignment_for_member(user, application_pk)
    except Http404:
        return None


def declared_assignment_for_member(user, application_pk) -> Assignment | None:
    """Like `assignment_for_member`, or None while the member has not answered the conflict
    question: the application's content stays hidden until they have."""
    assignment = assignment_for_member(user, application_pk)
    return assignment if assignment.declared else None


def attachment_for_member(user, application_pk, attachment_pk) -> Attachment:
    """A document of an application the member may read: assigned to their committee, no
    conflict, and the conflict question answered (like the application's content)."""
    assignment = declared_assignment_for_member(user, application_pk)
    if assignment is None:
        raise Http404
    return get_object_or_404(Attachment.objects.filter(application_id=assignment.application_id), pk=attachment_pk)


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


def application_for_letter(user, application_pk):
    """An application a staff member may write the feedback letter of: one a committee judged,
    that they may decide on (the DATAide team; region-scoped). Members never reach it."""
    application = (
        Application.objects.select_related("organisme", "tier", "committee_assignment__committee")
        .filter(pk=application_pk, committee_assignment__isnull=False)
        .first()
    )
    if application is None or not actor_may(user, Permission.DECIDE, application):
        raise Http404
    return application


def decision_review_for_staff(user, review_pk) -> DecisionReview:
    """A demande de révision for staff who handle them (region-scoped); everyone else 404s."""
    review = (
        DecisionReview.objects.select_related("application__organisme", "application__tier", "decision__actor", "requested_by")
        .filter(pk=review_pk)
        .first()
    )
    if review is None or not actor_may(user, Permission.REVIEW, review.application):
        raise Http404
    return review


def may_calibrate(user, committee: Committee) -> bool:
    """`committee_for_calibration`'s rule on a committee already fetched by `committee_for_member`."""
    if hasattr(committee, "viewer_sits"):
        region_ids = staff_region_ids(user)
        return (
            user.has_perm(RESULTS_PERMISSION)
            and not committee.viewer_sits
            and (region_ids is None or committee.region_id in region_ids)
        )
    try:
        committee_for_calibration(user, committee.pk)
    except Http404:
        return False
    return True


def committee_for_calibration(user, committee_pk) -> Committee:
    """A committee whose calibration `user` may read: staff allowed to view committees, of its
    region; never someone who sits on it or stands in for it (members are not shown how they
    score against each other)."""
    if not user.has_perm(RESULTS_PERMISSION):
        raise Http404
    committees = Committee.objects.select_related("region").exclude(seats__user=user).exclude(alternates__user=user)
    region_ids = staff_region_ids(user)
    if region_ids is not None:
        committees = committees.filter(region__in=region_ids)
    return get_object_or_404(committees, pk=committee_pk)


def committees_for_simulation(user):
    """The committees whose applications a staff simulation may fund: those of the regions the
    person follows (every region for the DATAide team). Anyone else: 404, as for calibration."""
    if not user.has_perm(RESULTS_PERMISSION):
        raise Http404
    region_ids = staff_region_ids(user)
    committees = Committee.objects.all()
    return committees if region_ids is None else committees.filter(region__in=region_ids)
