"""The one change the register's owners make: staff correct a public summary before it is
published (a typo, a person's name that slipped in). After the award the text is public and
stays as published."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import PUBLIC_SUMMARY_MAX, Application
from applications.statuses import WAITING_STATUSES
from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event
from programs.admin_scoping import limit_to_regions

EDIT_PERMISSION = "applications.change_application"


def edit_public_summary(*, actor, application: Application, public_summary: str, public_summary_en: str = "") -> Application:
    """Staff replace the public summary of a submitted application that is not yet published."""
    if not (getattr(actor, "is_staff", False) and actor.has_perm(EDIT_PERMISSION)):
        raise PermissionDenied(_("Seule l'équipe peut modifier le résumé public."))
    with transaction.atomic():
        scoped = limit_to_regions(Application.objects.select_for_update(of=("self",)), actor, "region")
        try:
            application = scoped.get(pk=application.pk)
        except Application.DoesNotExist:
            raise PermissionDenied(_("Cette demande n'est pas dans vos régions.")) from None
        if application.status not in WAITING_STATUSES:
            raise ValidationError(
                _("Le résumé public se modifie entre la soumission et la décision ; une fois la bourse "
                  "accordée, il est publié tel quel."),
                code="public_summary_not_editable",
            )
        new = {"public_summary": public_summary.strip(), "public_summary_en": public_summary_en.strip()}
        for value in new.values():
            if len(value) > PUBLIC_SUMMARY_MAX:
                raise ValidationError(
                    _("Le résumé public compte %(length)s caractères ; %(max)s au plus.")
                    % {"length": len(value), "max": PUBLIC_SUMMARY_MAX},
                    code="public_summary_too_long",
                )
        if not new["public_summary"]:
            raise ValidationError(_("Le résumé public en français ne peut pas être vide."), code="public_summary_empty")
        changes = {
            name: {"old": getattr(application, name), "new": value}
            for name, value in new.items() if getattr(application, name) != value
        }
        if not changes:
            return application
        for name in changes:
            setattr(application, name, new[name])
        # updated_at moves the open-data feeds' Last-Modified.
        application.save(update_fields=[*changes, "updated_at"])
        record_event(actor=actor, action=AuditEventType.REGISTER_PUBLIC_SUMMARY_EDITED, target=application, changes=changes)
    return application
