import logging
import random
import smtplib
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.signals import setting_changed
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event

from .attachments import build_attachment
from .models import MessageStatus, OutboxMessage
from .rendering import render_message

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_BASE_SECONDS = 30
RETRY_CAP_SECONDS = 3600
# A pending message whose delivery was due this long ago is presumed lost (broker down at commit,
# worker killed) and handed to the broker again by the relay.
RELAY_GRACE = timedelta(minutes=3)


def _jsonable(value):
    if isinstance(value, models.Model):
        return {"model": value._meta.label, "pk": value.pk, "str": str(value)}
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _generic(obj):
    if obj is None:
        return None, None
    return ContentType.objects.get_for_model(obj), obj.pk


def queue_message(
    *,
    template: str,
    recipient_email: str,
    language: str,
    context: dict | None = None,
    recipient_user=None,
    about=None,
    addressee=None,
    attachments: list[dict] | tuple = (),
    dedup_key: str | None = None,
    rendered: tuple[str, str, str] | None = None,
) -> OutboxMessage | None:
    """Write an e-mail to the outbox in the caller's transaction; deliver it after the commit.

    Returns None when `dedup_key` was already used: that message exists, none is added.
    `rendered` passes an already rendered (subject, text, html), as allauth's messages are.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("queue_message must run inside the transaction of the event it reports.")
    context = context or {}
    subject, body_text, body_html = rendered or render_message(template, context, language)
    about_type, about_id = _generic(about)
    addressee_type, addressee_id = _generic(addressee)
    fields = {
        "template": template,
        "recipient_email": recipient_email,
        "recipient_user": recipient_user,
        "language": language,
        "context": _jsonable(context),
        "attachments": list(attachments),
        "subject": subject[:255],
        "body_text": body_text,
        "body_html": body_html,
        "about_type": about_type,
        "about_id": about_id,
        "addressee_type": addressee_type,
        "addressee_id": addressee_id,
        "next_attempt_at": timezone.now(),
    }
    if dedup_key is None:
        # Nothing to tell apart from a duplicate: one INSERT, without the savepoint (two more round
        # trips a message) that keeps the caller's transaction usable after a duplicate key.
        message = OutboxMessage.objects.create(**fields)
    else:
        try:
            with transaction.atomic():
                message = OutboxMessage.objects.create(**fields, dedup_key=dedup_key)
        except IntegrityError:
            if dedup_key and OutboxMessage.objects.filter(dedup_key=dedup_key).exists():
                return None
            raise
    transaction.on_commit(partial(enqueue_delivery, message.pk))
    return message


@dataclass(frozen=True)
class Recipient:
    """One addressee of a message sent to many: `addressee` is who it is for as the program sees
    it (an organisme…), so staff find it among the messages that organisme received."""

    email: str
    language: str
    user: object = None
    addressee: object = None


BULK_BATCH_SIZE = 1000


def queue_messages(
    *, template: str, recipients, context: dict | None = None, about=None, attachments: list[dict] | tuple = ()
) -> list[OutboxMessage]:
    """The same message to many people (an announcement to every organisme…), written to the
    outbox in the caller's transaction and delivered after the commit, like `queue_message`.

    The context is shared, so the message is rendered once per language instead of once per
    person, and the rows are inserted in batches: thousands of messages take a fraction of a
    second. No `dedup_key` here: one duplicate would fail the whole batch.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("queue_messages must run inside the transaction of the event it reports.")
    context = context or {}
    stored_context = _jsonable(context)
    about_type, about_id = _generic(about)
    rendered: dict[str, tuple[str, str, str]] = {}
    now = timezone.now()
    messages = []
    for recipient in recipients:
        if recipient.language not in rendered:
            rendered[recipient.language] = render_message(template, context, recipient.language)
        subject, body_text, body_html = rendered[recipient.language]
        addressee_type, addressee_id = _generic(recipient.addressee)
        messages.append(OutboxMessage(
            template=template,
            recipient_email=recipient.email,
            recipient_user=recipient.user,
            language=recipient.language,
            context=stored_context,
            attachments=list(attachments),
            subject=subject[:255],
            body_text=body_text,
            body_html=body_html,
            about_type=about_type,
            about_id=about_id,
            addressee_type=addressee_type,
            addressee_id=addressee_id,
            next_attempt_at=now,
        ))
    messages = OutboxMessage.objects.bulk_create(messages, batch_size=BULK_BATCH_SIZE)
    transaction.on_commit(partial(_enqueue_all, [message.pk for message in messages]))
    return messages


def _enqueue_all(message_ids: list[int]) -> None:
    for message_id in message_ids:
        enqueue_delivery(message_id)


def enqueue_delivery(message_id: int, *, countdown: int | None = None) -> bool:
    """Hand a message to the broker. A broker that is down leaves it pending for the relay."""
    from dataide.broker import queue_task

    from .tasks import deliver_message

    return queue_task(deliver_message, message_id, countdown=countdown)


def retry_delay(attempts: int) -> int:
    """Exponential backoff with jitter, so retries after an SMTP outage do not arrive together."""
    base = min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_CAP_SECONDS)
    return int(base * random.uniform(0.5, 1.5))


def _email_for(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient_email],
        reply_to=[settings.PROGRAM_CONTACT_EMAIL],
        headers={"X-DATAide-Message": str(message.pk)},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for spec in message.attachments:
        email.attach(*build_attachment(spec, message.language))
    return email


# Opening an SMTP connection (TCP, EHLO, STARTTLS, AUTH) adds several round trips to every message,
# so each worker process keeps one open across deliveries. Per thread, so that two threads never share an
# SMTP dialogue; a Celery prefork child has a single thread.
_mail = threading.local()
# A connection idle this long may have been dropped by the server: it is checked (NOOP) before use,
# so a message is never counted as failed because of a connection that was already gone.
SMTP_IDLE_CHECK_SECONDS = 30
_settings_generation = 0


def _mail_settings_key() -> tuple:
    return (
        _settings_generation, settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT,
        settings.EMAIL_HOST_USER, settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL,
    )


def _forget_mail_connections(*, setting, **kwargs):
    # Tests point EMAIL_* at their own server; connections opened under the old settings are stale.
    global _settings_generation
    if setting.startswith("EMAIL_"):
        _settings_generation += 1


setting_changed.connect(_forget_mail_connections)


def _mail_connection():
    """This thread's open mail connection, opened on first use and reopened when it went stale."""
    key = _mail_settings_key()
    backend = getattr(_mail, "backend", None)
    if backend is not None and (_mail.key != key or not _is_alive(backend)):
        _drop_mail_connection()
        backend = None
    if backend is None:
        backend = get_connection()
        backend.open()
        _mail.backend, _mail.key = backend, key
    _mail.used_at = time.monotonic()
    return backend


def _is_alive(backend) -> bool:
    smtp = getattr(backend, "connection", None)
    if smtp is None or time.monotonic() - _mail.used_at < SMTP_IDLE_CHECK_SECONDS:
        return True
    try:
        return smtp.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        return False


def _drop_mail_connection() -> None:
    backend = getattr(_mail, "backend", None)
    _mail.backend = None
    if backend is not None:
        try:
            backend.close()
        except (smtplib.SMTPException, OSError):
            pass  # the connection is already broken; it is being replaced anyway


def deliver(message_id: int) -> int | None:
    """Send one message at most once; return a retry delay in seconds when it should be retried.

    The row stays locked while it is sent, so a second task for the same message waits, then finds
    it sent and does nothing.
    """
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != MessageStatus.PENDING:
            return None
        message.attempts += 1
        try:
            _mail_connection().send_messages([_email_for(message)])
        except (smtplib.SMTPException, OSError) as error:
            _drop_mail_connection()
            message.last_error = f"{error.__class__.__name__}: {error}"[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = MessageStatus.FAILED
                message.next_attempt_at = None
                delay = None
                logger.error("outbox: message %s failed after %s attempts", message.pk, message.attempts)
            else:
                delay = retry_delay(message.attempts)
                message.next_attempt_at = timezone.now() + timedelta(seconds=delay)
            message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return delay
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
        message.next_attempt_at = None
        message.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at"])
    return None


def relay_pending_messages(*, batch_size: int = 500) -> int:
    """Hand again to the broker the pending messages whose delivery is overdue."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now - RELAY_GRACE)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:batch_size]
        )
        # Claim them for one more grace period so the next relay run does not queue them twice.
        OutboxMessage.objects.filter(pk__in=ids).update(next_attempt_at=now)
    for message_id in ids:
        enqueue_delivery(message_id)
    return len(ids)


RESEND_PERMISSION = "outbox.change_outboxmessage"


def resend_message(*, actor, message: OutboxMessage) -> OutboxMessage:
    """Staff send a failed message again (after fixing an address, or once SMTP is back). Regional
    staff read their organismes' messages but do not send them again."""
    if not actor.has_perm(RESEND_PERMISSION):
        raise PermissionDenied
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if message.status != MessageStatus.FAILED:
            raise ValidationError(_("Seul un courriel en échec peut être renvoyé."), code="not_failed")
        message.status = MessageStatus.PENDING
        message.attempts = 0
        message.next_attempt_at = timezone.now()
        message.save(update_fields=["status", "attempts", "next_attempt_at"])
        record_event(actor=actor, action=AuditEventType.OUTBOX_RESEND, target=message, previous_error=message.last_error)
        transaction.on_commit(partial(enqueue_delivery, message.pk))
    return message
