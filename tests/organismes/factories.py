"""Factories of the organismes app; users and organismes themselves come from tests.factories."""

import secrets

import factory

from organismes.models import Invitation, JoinRequest, MembershipRole
from tests.factories import MembershipFactory, OrganismeFactory, UserFactory


def member_of(organisme, role=MembershipRole.RESPONSIBLE, **user_fields):
    """A signed-up person belonging to `organisme` with `role`."""
    return MembershipFactory(organisme=organisme, role=role, user=UserFactory(**user_fields)).user


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    organisme = factory.SubFactory(OrganismeFactory)
    user = factory.SubFactory(UserFactory)
    message = "Je coordonne les bénévoles."


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisme = factory.SubFactory(OrganismeFactory)
    email = factory.Sequence(lambda n: f"invite{n}@exemple.org")
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
