from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef

from dataide.accounts.authz import person_fact
from dataide.compiled import CompiledQuery
from dataide.outbox.models import OutboxMessage

from .models import (
    Invitation,
    InvitationStatus,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    MembershipRole,
    MessageRead,
    Organisme,
)


def memberships_of(user):
    """A person's memberships, the one they chose last first, then the oldest."""
    return (
        Membership.objects.select_related("organisme", "organisme__region")
        .filter(user=user)
        .order_by(F("last_chosen_at").desc(nulls_last=True), "created_at", "pk")
    )


class HeaderOrganisme(NamedTuple):
    """An organisme as the header's switcher names it."""

    organisme_id: int
    legal_name: str


def header_organismes_of(user) -> list[HeaderOrganisme]:
    """The person's organismes in `memberships_of`'s order, for the header of every page: one of
    the person's facts kept in the cache, which a change of their memberships or of an organisme's
    name forgets (OrganismesConfig)."""
    return person_fact(user, HEADER_ORGANISMES)


HEADER_ORGANISMES = "header_organismes"


def compute_header_organismes(user) -> list[HeaderOrganisme]:
    return [HeaderOrganisme(*row) for row in memberships_of(user).values_list("organisme_id", "organisme__legal_name")]


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




def messages_received(organisme, user):
    """The message centre: the e-mails the organisme received, as this person received them
    (each member gets their own copy, so one message is listed once and an e-mail meant for the
    responsible persons only stays theirs), newest first, each marked `is_read` for this person."""
    return _messages_to(ContentType.objects.get_for_model(Organisme).pk, organisme.pk, user)


def _messages_to(addressee_type_pk, organisme_pk, user):
    return (
        OutboxMessage.objects.filter(addressee_type_id=addressee_type_pk, addressee_id=organisme_pk)
        .filter(recipient_user=user)
        .annotate(is_read=Exists(MessageRead.objects.filter(message=OuterRef("pk"), user=user)))
        .only("pk", "subject", "created_at", "status", "template")
        .order_by("-created_at", "-pk")
    )


RECENT_MESSAGES = 5

# The dashboard's first messages: the same SQL on every visit, compiled once per process. The
# organisme's content type is a value, not read while building: a row's id compiled into the SQL
# would outlive a database whose content types were made again (a test database flushed).
_RECENT_MESSAGES = CompiledQuery(
    lambda addressee_type_pk, organisme_pk, user_pk: _messages_to(addressee_type_pk, organisme_pk, user_pk)[:RECENT_MESSAGES]
)


def recent_messages(organisme, user) -> list[OutboxMessage]:
    """The first messages of `messages_received`, as the dashboard shows them."""
    return _RECENT_MESSAGES.run(
        addressee_type_pk=ContentType.objects.get_for_model(Organisme).pk, organisme_pk=organisme.pk, user_pk=user.pk
    )
