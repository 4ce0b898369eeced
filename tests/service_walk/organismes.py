"""Unauthorised-actor cases of the organismes services (see tests/test_service_walk.py)."""

from django.contrib.auth.models import AnonymousUser

from organismes import services
from organismes.models import MembershipRole
from tests.factories import MembershipFactory, OrganismeFactory, UserFactory
from tests.organismes.factories import InvitationFactory, JoinRequestFactory, member_of, received_message


def _collaborator(organisme):
    return member_of(organisme, MembershipRole.COLLABORATOR)


def _create_organisme():
    services.create_organisme(actor=AnonymousUser(), organisme=OrganismeFactory.build())


def _request_to_join():
    services.request_to_join(actor=AnonymousUser(), organisme=OrganismeFactory())


def _approve_join_request():
    join_request = JoinRequestFactory()
    services.approve_join_request(actor=_collaborator(join_request.organisme), join_request=join_request)


def _refuse_join_request():
    join_request = JoinRequestFactory()
    services.refuse_join_request(actor=UserFactory(), join_request=join_request)


def _invite_collaborator():
    organisme = OrganismeFactory()
    services.invite_collaborator(actor=_collaborator(organisme), organisme=organisme, email="nouvelle@exemple.org")


def _accept_invitation():
    # The link reached someone else than the invited address.
    services.accept_invitation(actor=UserFactory(), invitation=InvitationFactory(email="invitee@exemple.org"))


def _cancel_invitation():
    invitation = InvitationFactory()
    services.cancel_invitation(actor=_collaborator(invitation.organisme), invitation=invitation)


def _remove_member():
    membership = MembershipFactory(role=MembershipRole.COLLABORATOR)
    services.remove_member(actor=_collaborator(membership.organisme), membership=membership)


def _choose_organisme():
    # Acting for an organisme through someone else's membership.
    services.choose_organisme(actor=UserFactory(), membership=MembershipFactory())


def _update_profile():
    organisme = OrganismeFactory()
    organisme.legal_name = "Pris en otage"
    services.update_profile(actor=_collaborator(organisme), organisme=organisme)


def _mark_message_read():
    # Another member's copy of an e-mail to the organisme.
    organisme = OrganismeFactory()
    message = received_message(organisme, _collaborator(organisme))
    services.mark_message_read(actor=_collaborator(organisme), message=message)


CASES = {
    "organismes.services.create_organisme": _create_organisme,
    "organismes.services.request_to_join": _request_to_join,
    "organismes.services.approve_join_request": _approve_join_request,
    "organismes.services.refuse_join_request": _refuse_join_request,
    "organismes.services.invite_collaborator": _invite_collaborator,
    "organismes.services.accept_invitation": _accept_invitation,
    "organismes.services.cancel_invitation": _cancel_invitation,
    "organismes.services.remove_member": _remove_member,
    "organismes.services.choose_organisme": _choose_organisme,
    "organismes.services.update_profile": _update_profile,
    "organismes.services.mark_message_read": _mark_message_read,
}
