"""Unauthorised actors for every committees service: a member of another committee, a member who
declared a conflict of interest, regional staff of another region."""

from django.contrib.auth.models import Permission
from django.utils import timezone

from applications.models import ApplicationStatus
from committees import services
from committees.feedback import services as feedback
from committees.feedback.models import FeedbackLetter
from committees.models import Scorecard
from tests.committees.factories import CommitteeFactory, assign, declare, members
from tests.factories import ApplicationFactory, OrganismeFactory, StaffUserFactory, UserFactory, tier
from tests.staff.factories import ESTRIE, MONTREAL, regional_staff


def _other_committees_member():
    return members(CommitteeFactory())[0]


def _regional_staff_allowed_to_change_committees():
    """Estrie staff who even hold the model permission: the region scope still refuses them a
    Montréal committee."""
    user = regional_staff(ESTRIE)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_committee", "change_committee"]))
    return type(user).objects.get(pk=user.pk)


def _conflicted_scorecard():
    assignment = assign(CommitteeFactory())
    member = members(assignment.committee)[0]
    declare(assignment, member, has_conflict=True)
    card = Scorecard.objects.create(
        assignment=assignment, member=member, criteria_set=assignment.application.tier.current_criteria_set
    )
    return member, card


def _assign_applications():
    committee = CommitteeFactory()
    application = ApplicationFactory(
        status=ApplicationStatus.ELIGIBLE, organisme=OrganismeFactory(region=committee.region)
    )
    services.assign_applications(
        actor=_regional_staff_allowed_to_change_committees(), committee=committee, applications=[application]
    )


def _declare_conflict():
    services.declare_conflict(
        actor=_other_committees_member(), assignment=assign(CommitteeFactory()), has_conflict=False
    )


def _start_scorecard():
    services.start_scorecard(actor=_other_committees_member(), assignment=assign(CommitteeFactory()))


def _save_scorecard():
    member, card = _conflicted_scorecard()
    services.save_scorecard(actor=member, scorecard=card, marks={}, recommendation="", general_comment="", submit=False)


def _save_committee():
    committee = CommitteeFactory()
    seats = [services.SeatSpec(seat.kind, seat.user, seat.organisation) for seat in committee.seats.all()]
    committee.scoring_deadline = timezone.localdate()
    services.save_committee(
        actor=_regional_staff_allowed_to_change_committees(), committee=committee, tiers=[tier()], seats=seats
    )


def _withdraw_conflict():
    """A member of the committee (not staff) cannot withdraw anyone's conflict, their own included."""
    assignment = assign(CommitteeFactory())
    member = members(assignment.committee)[0]
    declaration = declare(assignment, member, has_conflict=True)
    services.withdraw_conflict(actor=member, declaration=declaration, reason="Erreur de ma part.")


def _save_alternates():
    committee = CommitteeFactory()
    services.save_alternates(
        actor=_regional_staff_allowed_to_change_committees(), committee=committee,
        alternates=[services.SeatSpec("it_organisation", UserFactory(), "Org")],
    )


def _declined_application():
    return assign(CommitteeFactory(), status=ApplicationStatus.DECLINED).application


def _save_feedback_letter():
    """A member of the application's own committee writes no letter (staff review the comments)."""
    application = _declined_application()
    feedback.save_feedback_letter(
        actor=members(application.committee_assignment.committee)[0], application=application,
        strengths="", improvements="", next_steps="Redéposez.",
    )


def _send_feedback_letter():
    """Regional staff of the region screen but do not decide: they do not send letters."""
    application = _declined_application()
    letter = FeedbackLetter.objects.create(
        application=application, next_steps="Redéposez.", reviewed_by=StaffUserFactory(), reviewed_at=timezone.now()
    )
    feedback.send_feedback_letter(actor=regional_staff(MONTREAL), letter=letter)


CASES = {
    "committees.feedback.services.save_feedback_letter": _save_feedback_letter,
    "committees.feedback.services.send_feedback_letter": _send_feedback_letter,
    "committees.services.assign_applications": _assign_applications,
    "committees.services.declare_conflict": _declare_conflict,
    "committees.services.start_scorecard": _start_scorecard,
    "committees.services.save_scorecard": _save_scorecard,
    "committees.services.save_committee": _save_committee,
    "committees.services.withdraw_conflict": _withdraw_conflict,
    "committees.services.save_alternates": _save_alternates,
}
