"""May this person act on this application? The one answer services and `move_to` ask, for the
permissions the status table names (statuses.Permission)."""

from django.core.exceptions import PermissionDenied

from organismes.models import Membership, MembershipRole
from programs.admin_scoping import staff_region_ids

from .statuses import Permission


def role_in_organisme(actor, organisme_id) -> str | None:
    if not getattr(actor, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=actor, organisme_id=organisme_id).values_list("role", flat=True).first()


def actor_may(actor, permission: str, application) -> bool:
    if permission == Permission.ORGANISME_MEMBER:
        return role_in_organisme(actor, application.organisme_id) is not None
    if permission == Permission.ORGANISME_RESPONSIBLE:
        return role_in_organisme(actor, application.organisme_id) == MembershipRole.RESPONSIBLE
    if actor is None or not actor.has_perm(permission):
        return False
    # Regional staff act only on the applications of the regions their offices cover, whoever
    # calls the service (the admin's querysets are limited too, but a service must not rely on it).
    regions = staff_region_ids(actor)
    return regions is None or application.region_id in regions


def require(actor, permission: str, application, message: str | None = None) -> None:
    if not actor_may(actor, permission, application):
        raise PermissionDenied(message)
