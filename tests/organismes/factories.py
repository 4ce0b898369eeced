"""Factories of the organismes app; users and organismes themselves come from tests.factories."""

import secrets

import factory
from django.contrib.contenttypes.models import ContentType

from dataide.outbox.models import OutboxMessage
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


def received_message(organisme, user, subject="Votre demande est reçue", **fields):
    """An e-mail of the outbox sent to `user` for `organisme`, as notify_members writes one."""
    fields = {"body_text": f"{subject}\n", "body_html": f"<p>{subject}</p>", **fields}
    return OutboxMessage.objects.create(
        template="application_received", recipient_email=user.email, recipient_user=user, subject=subject,
        addressee_type=ContentType.objects.get_for_model(organisme), addressee_id=organisme.pk, **fields,
    )
