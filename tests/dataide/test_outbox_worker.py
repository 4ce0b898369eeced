"""The outbox with the real parts: PostgreSQL, Redis, a `celery worker` process and an SMTP server."""

import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from applications.attestation import VERSION as ATTESTED
from applications.models import ApplicationStatus
from applications.services import submit_application
from config.celery import app as celery_app
from dataide.outbox import services
from dataide.outbox.models import MessageStatus, OutboxMessage
from organismes.models import MembershipRole
from programs.models import GrantTier
from tests.applications.factories import complete_draft, eligible_organisme
from tests.factories import MembershipFactory
from tests.services import TcpRelay, celery_worker_process, smtp_server

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def broker_relay():
    redis = urlsplit(settings.REDIS_URL)
    relay = TcpRelay(redis.hostname or "127.0.0.1", redis.port or 6379)
    relay.restore()
    yield relay
    relay.cut()


@pytest.fixture
def publisher(broker_relay):
    """This process publishes tasks to Redis (through the relay) instead of running them inline."""
    redis = urlsplit(settings.REDIS_URL)
    relayed_url = redis._replace(netloc=f"127.0.0.1:{broker_relay.port}").geturl()
    saved = dict(task_always_eager=celery_app.conf.task_always_eager, broker_url=celery_app.conf.broker_url)
    celery_app.conf.update(task_always_eager=False, broker_url=relayed_url)
    _drop_broker_connections()
    yield broker_relay
    celery_app.conf.update(**saved)
    _drop_broker_connections()


def _drop_broker_connections():
    # What Celery itself does after a fork: forget pooled broker connections, so the next
    # publish connects to the broker URL now configured.
    celery_app._after_fork()


@pytest.fixture(scope="module")
def worker(django_db_setup):
    """One worker process and SMTP server for the module: starting a worker takes seconds."""
    with smtp_server() as (smtp, port), celery_worker_process(smtp_port=port, broker_url=settings.REDIS_URL):
        yield smtp


@pytest.fixture
def delivery(worker, publisher):
    worker.messages.clear()
    yield worker, publisher


def _event_with_message(language="fr-ca"):
    """A stand-in event: the organisme's member is told the amorçage grant is open."""
    membership = MembershipFactory(user__preferred_language=language, organisme__preferred_language=language)
    with transaction.atomic():
        message = services.queue_message(
            template="attendance_recorded",
            recipient_email=membership.user.email,
            recipient_user=membership.user,
            language=language,
            context={"organisme": membership.organisme, "webinar": {"title": "Webinaire"}, "max_amount": 5000,
                     "dashboard_url": f"{settings.SITE_URL}/"},
            addressee=membership.organisme,
        )
    return message


def _sent(message, timeout: float = 5.0) -> OutboxMessage:
    """The message once the worker committed it as sent: the SMTP server has it a moment before,
    while the worker still holds the row (with a kept-open connection there is no QUIT in between)."""
    deadline = time.monotonic() + timeout
    message.refresh_from_db()
    while message.status != MessageStatus.SENT and time.monotonic() < deadline:
        time.sleep(0.05)
        message.refresh_from_db()
    return message


def test_the_worker_delivers_the_message_once_in_the_right_language(delivery):
    smtp, _relay = delivery
    message = _event_with_message(language="en")

    received = smtp.wait_for(1)
    assert len(received) == 1
    assert received[0]["To"] == message.recipient_email
    assert "seed grant" in received[0]["Subject"].lower()
    message = _sent(message)
    assert message.status == MessageStatus.SENT and message.attempts == 1
    smtp.wait_for(2, timeout=2)
    assert len(smtp.messages) == 1


def test_a_task_sent_twice_sends_once(delivery):
    smtp, _relay = delivery
    message = _event_with_message()
    services.enqueue_delivery(message.pk)  # a duplicate delivery request, as a retry or the relay could make
    smtp.wait_for(1)
    smtp.wait_for(2, timeout=3)
    assert len(smtp.messages) == 1


def _submitted_application():
    """A real submission through the service: it queues the confirmation to the organisme."""
    today = timezone.localdate()
    GrantTier.objects.filter(code="amorcage").update(
        window_opens_on=today - timedelta(days=30), window_closes_on=today + timedelta(days=30)
    )
    membership = MembershipFactory(organisme=eligible_organisme(), role=MembershipRole.RESPONSIBLE)
    application = complete_draft(membership.organisme)
    submit_application(actor=membership.user, application=application, attestation=ATTESTED)
    return application


def test_broker_down_during_a_submission_then_the_relay_delivers_once_it_is_back(delivery):
    smtp, relay = delivery
    relay.cut()  # Redis unreachable from the web process
    application = _submitted_application()

    # The submission is saved, its confirmation waits in the outbox.
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.number
    message = OutboxMessage.objects.about(application).get(template="application_received")
    assert message.status == MessageStatus.PENDING
    assert smtp.wait_for(1, timeout=2) == []

    relay.restore()
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    assert services.relay_pending_messages() == 1

    received = smtp.wait_for(1)
    assert len(received) == 1 and application.number in received[0]["Subject"]
    message = _sent(message)
    assert message.status == MessageStatus.SENT
    smtp.wait_for(2, timeout=2)
    assert len(smtp.messages) == 1
