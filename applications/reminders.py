"""A reminder written by staff to the members of an organisme about one of its applications."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dataide.audit.services import record_event
from dataide.i18n import absolute_url
from organismes.services import notify_members

from .models import Application

REMIND_PERMISSION = "applications.change_application"


def send_reminder(*, actor, application: Application, message: str) -> None:
    """Queue the reminder to every member, in the organisme's language, and keep it in the trail."""
    if not actor.has_perm(REMIND_PERMISSION):
        raise PermissionDenied
    message = (message or "").strip()
    if not message:
        raise ValidationError(_("Écrivez le message du rappel."), code="message_required")
    with transaction.atomic():
        application = Application.objects.select_related("organisme").get(pk=application.pk)
        record_event(actor=actor, action="application.reminder_sent", target=application, message=message)
        notify_members(
            organisme=application.organisme,
            template="staff_reminder",
            context={
                "application": application,
                "message": message,
                "application_url": absolute_url(
                    "applications:detail", application.organisme.preferred_language, application.pk
                ),
            },
            about=application,
        )
