"""The one way organisme views fetch a join request, a membership or an invitation by id.

"Missing" and "not yours" give the same 404. Whether the person may act on what they see (only a
responsible person approves or removes) is the services' rule, explained on the page.
"""

from django.http import Http404

from .models import Invitation, InvitationStatus, JoinRequest, Membership


def _require_user(user):
    if not getattr(user, "is_authenticated", False):
        raise Http404


def join_request_for_user(user, pk) -> JoinRequest:
    _require_user(user)
    join_request = (
        JoinRequest.objects.select_related("organisme", "user")
        .filter(pk=pk, organisme__memberships__user=user)
        .first()
    )
    if join_request is None:
        raise Http404
    return join_request


def membership_for_user(user, pk) -> Membership:
    """A membership of one of the organismes `user` belongs to."""
    _require_user(user)
    membership = (
        Membership.objects.select_related("organisme", "user")
        .filter(pk=pk, organisme__memberships__user=user)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def invitation_for_user(user, token: str) -> Invitation:
    """A pending invitation addressed to the signed-in person's e-mail address."""
    _require_user(user)
    invitation = (
        Invitation.objects.select_related("organisme")
        .filter(token=token, status=InvitationStatus.PENDING, email__iexact=user.email)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def invitation_for_member(user, pk) -> Invitation:
    """An invitation sent by one of the organismes `user` belongs to (to cancel it)."""
    _require_user(user)
    invitation = Invitation.objects.select_related("organisme").filter(pk=pk, organisme__memberships__user=user).first()
    if invitation is None:
        raise Http404
    return invitation
