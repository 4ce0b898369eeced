"""What `organismes` holds about a person and an organisme (the privacy registry, dataide.privacy)."""

from django.utils.translation import gettext_lazy as _

from dataide.privacy.registry import (
    ORGANISME,
    PERSON,
    Category,
    OrganismeHooks,
    register,
    register_account_closure,
    register_organisme_hooks,
    values,
)

from .access import acting_membership
from .models import Invitation, JoinRequest, Membership, MembershipRole, Organisme
from .selectors import is_responsible


def _responsible_organisme(request):
    membership = acting_membership(request)
    return membership.organisme if is_responsible(membership) else None


def _is_responsible(user, organisme_id) -> bool:
    return Membership.objects.filter(user=user, organisme_id=organisme_id, role=MembershipRole.RESPONSIBLE).exists()


def _forget_person(user) -> None:
    # The person leaves every organisme; invitations sent to their address and their join
    # requests go too. What they did for the organisme (its applications) stays the organisme's.
    Membership.objects.filter(user=user).delete()
    Invitation.objects.filter(email__iexact=user.email).delete()
    JoinRequest.objects.filter(user=user).delete()


def _profile(organisme):
    return values(
        Organisme.objects.filter(pk=organisme.pk),
        "legal_name", "neq", "charity_number", "region__code", "street_address", "city", "postal_code",
        "staff_count", "volunteer_count", "mission", "preferred_language", "created_at",
    )


def register_categories():
    register_organisme_hooks(OrganismeHooks(
        for_request=_responsible_organisme, is_responsible=_is_responsible,
        load=lambda pk: Organisme.objects.get(pk=pk),
    ))
    register_account_closure(_forget_person)
    register(Category(
        key="organismes.memberships", subject=PERSON, label=_("Vos organismes et votre rôle"),
        purpose=_("Savoir pour quels organismes vous agissez."),
        retention=_("Tant que vous en êtes membre."),
        export=lambda user: values(
            Membership.objects.filter(user=user), "organisme__legal_name", "role", "created_at"
        ),
        counted=lambda user_id: [Membership.objects.filter(user_id=user_id)],
    ))
    register(Category(
        key="organismes.profile", subject=ORGANISME, label=_("Fiche de l'organisme"),
        purpose=_("Vérifier l'admissibilité et joindre l'organisme."),
        retention=_("Dix ans après la dernière bourse (pièces justificatives de l'aide publique)."),
        export=_profile,
        counted=lambda organisme_id: [Organisme.objects.filter(pk=organisme_id)],
    ))
    register(Category(
        key="organismes.members", subject=ORGANISME, label=_("Membres, invitations et demandes d'adhésion"),
        purpose=_("Savoir qui agit pour l'organisme."),
        retention=_("Tant que la personne est membre ; invitations et demandes : un an."),
        export=lambda organisme: [
            *({"kind": "membership", **row} for row in values(
                Membership.objects.filter(organisme=organisme), "user__email", "user__full_name", "role", "created_at"
            )),
            *({"kind": "invitation", **row} for row in values(
                Invitation.objects.filter(organisme=organisme), "email", "role", "status", "created_at"
            )),
            *({"kind": "join_request", **row} for row in values(
                JoinRequest.objects.filter(organisme=organisme), "user__email", "status", "created_at"
            )),
        ],
        counted=lambda organisme_id: [
            Membership.objects.filter(organisme_id=organisme_id), Invitation.objects.filter(organisme_id=organisme_id),
            JoinRequest.objects.filter(organisme_id=organisme_id),
        ],
    ))
