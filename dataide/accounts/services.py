"""State changes of a person's own account."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event

from .models import User

NAME_MAX_LENGTH = User._meta.get_field("full_name").max_length


def update_name(*, actor, person: User, full_name: str) -> User:
    """A person names themself; the team page and e-mails then show the name, not the address.
    Staff change others' names in the admin."""
    if not getattr(actor, "is_authenticated", False) or actor.pk != person.pk:
        raise PermissionDenied(_("Chaque personne modifie son propre nom."))
    full_name = " ".join(full_name.split())
    if not full_name:
        raise ValidationError(_("Indiquez votre nom, par exemple « Julie Lavoie »."), code="name_required")
    if len(full_name) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("Le nom compte au plus %(max)d caractères.") % {"max": NAME_MAX_LENGTH}, code="name_too_long"
        )
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        previous = person.full_name
        if previous != full_name:
            person.full_name = full_name
            person.save(update_fields=["full_name"])
            record_event(actor=actor, action=AuditEventType.ACCOUNT_NAME_CHANGED, target=person, old=previous, new=full_name)
    return person
