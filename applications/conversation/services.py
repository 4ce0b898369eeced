"""Writing in the conversation of an application: a member of its organisme or screening staff
(of its region) writes; the other side is e-mailed through the outbox, in its language."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dataide.audit.events import AuditEventType as E
from dataide.audit.services import record_event
from dataide.i18n import absolute_url
from dataide.outbox.services import queue_message
from organismes.services import notify_members

from ..models import Application
from ..permissions import actor_may
from ..statuses import Permission
from ..uploads import check_upload, display_name, stored_name
from .models import ApplicationMessage

MAX_BODY = 5000


def side_of(actor, application) -> str | None:
    """"organisme" for a member of its organisme, "staff" for screening staff, else None."""
    if actor_may(actor, Permission.ORGANISME_MEMBER, application):
        return "organisme"
    if actor_may(actor, Permission.SCREEN, application):
        return "staff"
    return None


def write_message(*, actor, application: Application, body: str, uploaded_file=None) -> ApplicationMessage:
    side = side_of(actor, application)
    if side is None:
        raise PermissionDenied(_("Seuls l'organisme et l'équipe DATAide écrivent dans cette conversation."))
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Écrivez votre message."), code="empty_message")
    if len(body) > MAX_BODY:
        raise ValidationError(
            _("Un message compte au plus %(count)s caractères.") % {"count": MAX_BODY}, code="message_too_long"
        )
    message = ApplicationMessage(author=actor, from_staff=side == "staff", body=body)
    if uploaded_file is not None:
        content_type = check_upload(uploaded_file)
        message.file_name = display_name(uploaded_file.name, content_type)
        message.file_type = content_type
    try:
        with transaction.atomic():
            application = Application.objects.select_for_update().select_related("organisme").get(pk=application.pk)
            message.application = application
            if uploaded_file is not None:
                message.file.save(stored_name(message.file_type), uploaded_file, save=False)
            message.save()
            record_event(
                actor=actor, action=E.APPLICATION_MESSAGE_WRITTEN, target=application,
                message=message.pk, side=side, file=bool(message.file_name),
            )
            _tell_the_other_side(message)
    except Exception:
        # A rolled-back message must not leave its file behind on the disk.
        if message.file.name:
            message.file.storage.delete(message.file.name)
        raise
    return message


def _tell_the_other_side(message):
    application = message.application
    context = {"number": application.number or application.title, "excerpt": message.body[:500]}
    if message.from_staff:
        notify_members(
            organisme=application.organisme, template="application_message", about=application,
            context={**context, "url": absolute_url(
                "applications:conversation", application.organisme.preferred_language, application.pk)},
        )
    else:
        # The team reads the program's mailbox, in French.
        queue_message(
            template="application_message", recipient_email=settings.PROGRAM_CONTACT_EMAIL, language="fr",
            about=application,
            context={**context, "organisme": application.organisme,
                     "url": absolute_url("applications:conversation_staff:thread", "fr", application.pk)},
        )
