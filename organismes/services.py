"""State changes of organismes and their teams. Each takes the acting user, checks the rule,
locks what it reads then writes, records an audit event and queues e-mails in its transaction."""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event
from dataide.i18n import absolute_url
from dataide.outbox.services import queue_message

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

INVITATION_VALIDITY = timedelta(days=14)


class NeqAlreadyRegistered(Exception):
    """The NEQ belongs to an organisme already on the portal: the claim becomes a join request."""

    def __init__(self, organisme):
        super().__init__(organisme.neq)
        self.organisme = organisme


# Later apps act when someone joins an organisme (committees: a member who joins an applying
# organisme, or a partner, is conflicted at once on the applications they judge); this app cannot
# import them, so each registers a hook at app-ready time. Hooks run inside the transaction that
# created the membership, so what they record commits or rolls back with it.
_membership_hooks = []


def register_membership_hook(hook) -> None:
    """`hook(membership, actor=...)` runs after a membership is created, in its transaction."""
    if hook not in _membership_hooks:
        _membership_hooks.append(hook)


def _membership_began(membership: Membership, *, actor) -> None:
    for hook in _membership_hooks:
        hook(membership, actor=actor)


def _require_responsible(actor, organisme, message):
    is_responsible = Membership.objects.filter(
        user=actor, organisme=organisme, role=MembershipRole.RESPONSIBLE
    ).exists()
    if not is_responsible:
        raise PermissionDenied(message)


def _require_person(actor):
    """Registering or joining an organisme takes a signed-in, active person."""
    if not (getattr(actor, "is_authenticated", False) and actor.is_active):
        raise PermissionDenied(_("Connectez-vous pour inscrire ou rejoindre un organisme."))


def create_organisme(*, actor, organisme: Organisme) -> Organisme:
    """Save a validated, unsaved organisme; its creator becomes its responsible person."""
    _require_person(actor)
    try:
        with transaction.atomic():
            organisme.save()
            membership = Membership.objects.create(user=actor, organisme=organisme, role=MembershipRole.RESPONSIBLE)
            _membership_began(membership, actor=actor)
            record_event(actor=actor, action=AuditEventType.ORGANISME_CREATE, target=organisme, neq=organisme.neq)
    except IntegrityError:
        existing = Organisme.objects.filter(neq=organisme.neq).first()
        if existing is None:
            raise
        raise NeqAlreadyRegistered(existing) from None
    return organisme


# What the responsible person may change on the organisme's page; the NEQ identifies the organisme
# (duplicates, the registry) and changes only through staff.
PROFILE_FIELDS = (
    "legal_name", "region", "street_address", "city", "postal_code",
    "staff_count", "volunteer_count", "mission", "preferred_language",
)


# Called as `follower(organisme)` inside update_profile's transaction when the region changes, by the
# later apps that copy the region onto their rows (applications); this app cannot import them.
_REGION_FOLLOWERS: list = []


def follow_region_changes(follower):
    """Register `follower(organisme)` (from an AppConfig.ready) to keep a copied region true: it
    runs in the change's transaction, covered by its one audit event."""
    if follower not in _REGION_FOLLOWERS:
        _REGION_FOLLOWERS.append(follower)


def _audited_value(value):
    """A profile value as the audit trail keeps it: the region by its name, the rest as is."""
    return str(value) if isinstance(value, models.Model) else value


def update_profile(*, actor, organisme: Organisme, fields=PROFILE_FIELDS) -> Organisme:
    """Save the profile `fields` of `organisme` (an instance the form has changed, unsaved) and
    record each old and new value. Only its responsible person may; the NEQ is never among them."""
    _require_responsible(actor, organisme, _("Seule la personne responsable de l'organisme peut modifier son profil."))
    fields = [name for name in fields if name in PROFILE_FIELDS]
    with transaction.atomic():
        stored = Organisme.objects.select_for_update().get(pk=organisme.pk)
        organisme.neq = stored.neq
        organisme.full_clean()
        changes = {}
        for name in fields:
            old, new = _audited_value(getattr(stored, name)), _audited_value(getattr(organisme, name))
            if old != new:
                changes[name] = {"old": old, "new": new}
        if changes:
            organisme.save(update_fields=[*changes, "updated_at"])
            if "region" in changes:
                for follower in _REGION_FOLLOWERS:
                    follower(organisme)
            record_event(actor=actor, action=AuditEventType.ORGANISME_PROFILE_CHANGED, target=organisme, changes=changes)
    return organisme


def request_to_join(*, actor, organisme: Organisme, message: str = "") -> JoinRequest:
    _require_person(actor)
    with transaction.atomic():
        Organisme.objects.select_for_update().get(pk=organisme.pk)
        if Membership.objects.filter(user=actor, organisme=organisme).exists():
            raise ValidationError(_("Vous faites déjà partie de cet organisme."), code="already_member")
        pending = JoinRequest.objects.filter(
            user=actor, organisme=organisme, status=JoinRequestStatus.PENDING
        ).first()
        if pending is not None:
            return pending
        join_request = JoinRequest.objects.create(user=actor, organisme=organisme, message=message[:1000])
        record_event(actor=actor, action=AuditEventType.ORGANISME_JOIN_REQUEST, target=organisme, join_request=join_request.pk)
        _tell_responsibles(organisme, join_request)
    return join_request


def _tell_responsibles(organisme, join_request):
    notify_members(
        organisme=organisme,
        template="join_request",
        context={
            "person": join_request.user.name_and_email,
            "message": join_request.message,
            "team_url": absolute_url("organismes:team", organisme.preferred_language),
        },
        about=join_request,
        responsibles_only=True,
    )


def _decide_join_request(*, actor, join_request: JoinRequest, approve: bool) -> JoinRequest:
    with transaction.atomic():
        join_request = JoinRequest.objects.select_for_update().select_related("organisme").get(pk=join_request.pk)
        _require_responsible(
            actor, join_request.organisme,
            _("Seule la personne responsable de l'organisme peut accepter ou refuser une demande d'adhésion."),
        )
        if join_request.status != JoinRequestStatus.PENDING:
            raise ValidationError(_("Cette demande d'adhésion a déjà été traitée."), code="already_decided")
        join_request.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.REFUSED
        join_request.decided_at = timezone.now()
        join_request.decided_by = actor
        join_request.save(update_fields=["status", "decided_at", "decided_by"])
        if approve:
            membership, created = Membership.objects.get_or_create(
                user=join_request.user, organisme=join_request.organisme,
                defaults={"role": MembershipRole.COLLABORATOR},
            )
            if created:
                _membership_began(membership, actor=actor)
        record_event(
            actor=actor,
            action=AuditEventType.ORGANISME_JOIN_REQUEST_APPROVED if approve else AuditEventType.ORGANISME_JOIN_REQUEST_REFUSED,
            target=join_request.organisme,
            user=join_request.user_id,
        )
    return join_request


def approve_join_request(*, actor, join_request: JoinRequest) -> JoinRequest:
    return _decide_join_request(actor=actor, join_request=join_request, approve=True)


def refuse_join_request(*, actor, join_request: JoinRequest) -> JoinRequest:
    return _decide_join_request(actor=actor, join_request=join_request, approve=False)


def invite_collaborator(*, actor, organisme: Organisme, email: str, role: str = MembershipRole.COLLABORATOR) -> Invitation:
    email = email.strip().lower()
    with transaction.atomic():
        Organisme.objects.select_for_update().get(pk=organisme.pk)
        _require_responsible(actor, organisme, _("Seule la personne responsable de l'organisme peut inviter des collaborateurs."))
        if Membership.objects.filter(organisme=organisme, user__email__iexact=email).exists():
            raise ValidationError(_("Cette personne fait déjà partie de l'équipe."), code="already_member")
        if Invitation.objects.filter(organisme=organisme, email__iexact=email, status=InvitationStatus.PENDING).exists():
            raise ValidationError(_("Une invitation est déjà en attente pour cette adresse."), code="already_invited")
        invitation = Invitation.objects.create(
            organisme=organisme, email=email, role=role, token=secrets.token_urlsafe(32), invited_by=actor
        )
        record_event(actor=actor, action=AuditEventType.ORGANISME_INVITE, target=organisme, email=email, role=role)
        language = organisme.preferred_language
        accept_url = absolute_url("organismes:accept_invitation", language, invitation.token)
        queue_message(
            template="invitation",
            recipient_email=email,
            language=language,
            context={"organisme": organisme, "inviter": str(actor), "accept_url": accept_url, "role": MembershipRole(role).label},
            about=invitation,
            addressee=organisme,
        )
    return invitation


def accept_invitation(*, actor, invitation: Invitation) -> Membership:
    _require_person(actor)
    if invitation.email.lower() != actor.email.lower():
        raise PermissionDenied(_("Cette invitation est adressée à une autre personne."))
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("organisme").get(pk=invitation.pk)
        if invitation.status != InvitationStatus.PENDING:
            raise ValidationError(_("Cette invitation n'est plus valide."), code="invalid_invitation")
        if invitation.created_at < timezone.now() - INVITATION_VALIDITY:
            raise ValidationError(
                _("Cette invitation a expiré ; demandez à l'organisme de vous en envoyer une nouvelle."),
                code="expired_invitation",
            )
        membership, created = Membership.objects.get_or_create(
            user=actor, organisme=invitation.organisme, defaults={"role": invitation.role}
        )
        if created:
            _membership_began(membership, actor=actor)
        invitation.status = InvitationStatus.ACCEPTED
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["status", "accepted_at"])
        record_event(actor=actor, action=AuditEventType.ORGANISME_INVITATION_ACCEPTED, target=invitation.organisme, email=invitation.email)
    return membership


def cancel_invitation(*, actor, invitation: Invitation) -> Invitation:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("organisme").get(pk=invitation.pk)
        _require_responsible(actor, invitation.organisme, _("Seule la personne responsable de l'organisme peut annuler une invitation."))
        if invitation.status == InvitationStatus.PENDING:
            invitation.status = InvitationStatus.CANCELLED
            invitation.save(update_fields=["status"])
            record_event(actor=actor, action=AuditEventType.ORGANISME_INVITATION_CANCELLED, target=invitation.organisme, email=invitation.email)
    return invitation


def remove_member(*, actor, membership: Membership) -> None:
    """The responsible person removes a member, or a member leaves; the last responsible stays."""
    with transaction.atomic():
        team = list(Membership.objects.select_for_update().filter(organisme_id=membership.organisme_id))
        membership = next((m for m in team if m.pk == membership.pk), None)
        if membership is None:
            return
        if membership.user_id != actor.pk:
            _require_responsible(actor, membership.organisme, _("Seule la personne responsable de l'organisme peut retirer un membre."))
        responsibles = [m for m in team if m.role == MembershipRole.RESPONSIBLE]
        if membership.role == MembershipRole.RESPONSIBLE and len(responsibles) == 1:
            raise ValidationError(
                _("Un organisme garde toujours au moins une personne responsable : "
                  "invitez d'abord une autre personne responsable."),
                code="last_responsible",
            )
        membership.delete()
        record_event(
            actor=actor, action=AuditEventType.ORGANISME_REMOVE_MEMBER, target=membership.organisme, user=membership.user_id
        )


def choose_organisme(*, actor, membership: Membership) -> Membership:
    """Remember that `actor` now acts for `membership`'s organisme, so their next session starts
    there. A preference of the person, not a change to the organisme: no audit event."""
    if membership.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Vous ne faites pas partie de cet organisme."))
    membership.last_chosen_at = timezone.now()
    membership.save(update_fields=["last_chosen_at"])
    return membership


def mark_message_read(*, actor, message) -> None:
    """`actor` opened `message` of the message centre. Only its recipient marks it; a mark of the
    person, not a change to the organisme: no audit event."""
    if message.recipient_user_id is None or message.recipient_user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Ce message ne vous est pas adressé."))
    MessageRead.objects.get_or_create(user=actor, message=message)


def notify_members(
    *,
    organisme,
    template: str,
    context: dict,
    about,
    responsibles_only: bool = False,
    dedup_prefix: str | None = None,
    attachments=(),
) -> None:
    """E-mail every member of the organisme (or only its responsible persons) in the organisme's
    language, in the caller's transaction. `dedup_prefix` makes a reminder go out once per person."""
    memberships = Membership.objects.filter(organisme=organisme).select_related("user")
    if responsibles_only:
        memberships = memberships.filter(role=MembershipRole.RESPONSIBLE)
    for membership in memberships:
        queue_message(
            template=template,
            recipient_email=membership.user.email,
            recipient_user=membership.user,
            language=organisme.preferred_language,
            context={"organisme": organisme, **context},
            about=about,
            addressee=organisme,
            attachments=attachments,
            dedup_key=f"{dedup_prefix}:{membership.user_id}" if dedup_prefix else None,
        )
