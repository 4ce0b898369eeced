from django.db.models import F

from .models import (
    Invitation,
    InvitationStatus,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    MembershipRole,
)


def memberships_of(user):
    """A person's memberships, the one they chose last first, then the oldest."""
    return (
        Membership.objects.select_related("organisme", "organisme__region")
        .filter(user=user)
        .order_by(F("last_chosen_at").desc(nulls_last=True), "created_at", "pk")
    )


def current_membership(user) -> Membership | None:
    """The organisme a person last chose to act for, outside a request (e-mails, tasks, login).
    Pages use `organismes.access.acting_membership(request)`, which honours this session's choice."""
    if not getattr(user, "is_authenticated", False):
        return None
    return memberships_of(user).first()


def pending_join_requests_of(user):
    return JoinRequest.objects.select_related("organisme").filter(user=user, status=JoinRequestStatus.PENDING)


def team_of(organisme):
    """Members, pending join requests and pending invitations, in three queries."""
    return {
        "memberships": list(
            Membership.objects.select_related("user").filter(organisme=organisme).order_by("-role", "user__email")
        ),
        "join_requests": list(
            JoinRequest.objects.select_related("user").filter(organisme=organisme, status=JoinRequestStatus.PENDING)
        ),
        "invitations": list(Invitation.objects.filter(organisme=organisme, status=InvitationStatus.PENDING)),
    }


def is_responsible(membership: Membership | None) -> bool:
    return membership is not None and membership.role == MembershipRole.RESPONSIBLE


