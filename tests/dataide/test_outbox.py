import json
import re
import threading
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection, transaction
from django.test.signals import template_rendered
from django.urls import reverse

from dataide.audit.models import AuditEvent
from dataide.outbox import services
from dataide.outbox.models import MessageStatus, OutboxMessage
from dataide.outbox.rendering import html_to_text, render_message
from tests.factories import (
    DEFAULT_PASSWORD,
    MembershipFactory,
    OrganismeFactory,
    StaffUserFactory,
)
from tests.helpers import login_staff
from tests.services import RecordingHandler, free_port, smtp_server


def _queue(organisme, *, language="fr-ca", **kwargs):
    with transaction.atomic():
        return services.queue_message(
            template="attendance_recorded",
            recipient_email=kwargs.pop("email", "direction@exemple.org"),
            language=language,
            context={"organisme": organisme, "webinar": {"title": "Le numérique au service de la mission"},
                     "max_amount": 5000, "dashboard_url": "http://testserver/fr/"},
            addressee=organisme,
            **kwargs,
        )


@pytest.fixture
def smtp(settings):
    with smtp_server() as (handler, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        yield handler


@pytest.mark.django_db(transaction=True)
def test_queue_message_needs_the_transaction_of_its_event():
    with pytest.raises(RuntimeError):
        services.queue_message(template="attendance_recorded", recipient_email="a@b.org", language="fr-ca")


@pytest.mark.django_db
def test_message_is_delivered_after_commit_in_the_recipients_language(django_capture_on_commit_callbacks):
    organisme = OrganismeFactory(legal_name="Entraide <Sherbrooke>")
    with django_capture_on_commit_callbacks(execute=True):
        french = _queue(organisme, email="fr@exemple.org")
        english = _queue(organisme, language="en", email="en@exemple.org")
        assert mail.outbox == []  # nothing leaves before the commit

    assert [m.to for m in mail.outbox] == [["fr@exemple.org"], ["en@exemple.org"]]
    fr_mail, en_mail = mail.outbox
    assert "la bourse amorçage vous est ouverte" in fr_mail.subject
    assert "5\u00a0000\u00a0$" in fr_mail.body
    assert "seed grant" in en_mail.subject.lower() and "$5,000" in en_mail.body
    html = dict((mimetype, content) for content, mimetype in en_mail.alternatives)["text/html"]
    assert "Entraide &lt;Sherbrooke&gt;" in html  # user text is escaped
    for message in (french, english):
        message.refresh_from_db()
        assert message.status == MessageStatus.SENT and message.sent_at and message.attempts == 1


@pytest.mark.django_db
def test_a_message_without_a_dedup_key_is_one_insert(django_assert_num_queries):
    """Thousands of e-mails queued one by one in one transaction: each costs one statement, not a
    savepoint, an INSERT and its release (the dedup key's duplicate is the only error caught)."""
    organisme = OrganismeFactory()
    ContentType.objects.get_for_model(organisme)  # kept per process: read once, not per message
    with transaction.atomic():
        with django_assert_num_queries(1):
            services.queue_message(
                template="attendance_recorded", recipient_email="direction@exemple.org", language="fr-ca",
                context={"organisme": organisme, "webinar": {"title": "Le numérique"}, "max_amount": 5000},
                addressee=organisme,
            )


@pytest.mark.django_db
def test_a_rolled_back_event_sends_nothing(django_capture_on_commit_callbacks):
    organisme = OrganismeFactory()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValueError), transaction.atomic():
        _queue(organisme)
        raise ValueError("the event failed")
    assert not OutboxMessage.objects.exists() and mail.outbox == []


@pytest.mark.django_db
def test_a_reminder_key_is_used_once():
    organisme = OrganismeFactory()
    assert _queue(organisme, dedup_key="draft_idle:1") is not None
    assert _queue(organisme, dedup_key="draft_idle:1") is None
    assert OutboxMessage.objects.filter(dedup_key="draft_idle:1").count() == 1


@pytest.mark.django_db
def test_messages_are_found_per_organisme():
    first, second = OrganismeFactory(), OrganismeFactory()
    _queue(first), _queue(first), _queue(second)
    assert OutboxMessage.objects.addressed_to(first).count() == 2


@pytest.mark.django_db
def test_smtp_errors_retry_with_backoff_then_fail_visibly(smtp, django_capture_on_commit_callbacks):
    smtp.fail_with = "451 4.3.0 Mail server temporarily rejected message"
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(OrganismeFactory())
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == services.MAX_ATTEMPTS
    assert "451" in message.last_error
    assert smtp.messages == []

    # Staff fix the cause and send it again: it goes out once, and the resend is audited.
    smtp.fail_with = None
    staff = StaffUserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_message(actor=staff, message=message)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and len(smtp.messages) == 1
    assert AuditEvent.objects.filter(action="outbox.resend", actor=staff).exists()


def test_retry_delays_grow_exponentially_with_jitter():
    for attempt in range(1, 6):
        base = min(services.RETRY_BASE_SECONDS * 2 ** (attempt - 1), services.RETRY_CAP_SECONDS)
        delays = {services.retry_delay(attempt) for _ in range(50)}
        assert all(base * 0.5 <= delay <= base * 1.5 for delay in delays)
        assert len(delays) > 1  # jitter spreads retries


@pytest.mark.django_db
def test_the_relay_requeues_only_overdue_pending_messages(django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    overdue, recent = _queue(OrganismeFactory()), _queue(OrganismeFactory())  # callbacks not run: "broker down"
    OutboxMessage.objects.filter(pk=overdue.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=10))

    assert services.relay_pending_messages() == 1  # eager in tests: delivered now
    overdue.refresh_from_db(), recent.refresh_from_db()
    assert overdue.status == MessageStatus.SENT and recent.status == MessageStatus.PENDING
    assert len(mail.outbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_deliveries_racing_send_the_message_once(smtp):
    smtp.delay = 0.5  # keep the first delivery inside its lock while the second arrives
    message = _queue(OrganismeFactory())  # transactional test: on_commit ran, but eager + locmem? no: smtp fixture
    OutboxMessage.objects.filter(pk=message.pk).update(status=MessageStatus.PENDING, attempts=0, sent_at=None)
    smtp.messages.clear()
    barrier = threading.Barrier(2)

    def deliver():
        barrier.wait()
        try:
            services.deliver(message.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    message.refresh_from_db()
    assert len(smtp.wait_for(1, timeout=2)) == 1
    assert message.status == MessageStatus.SENT and message.attempts == 1


def test_plain_text_is_derived_from_the_html():
    text = html_to_text('<p>Bonjour,</p><p>Voir <a href="https://x.org/a">ma demande</a></p><ul><li>un</li><li>deux</li></ul>')
    assert text == "Bonjour,\nVoir ma demande (https://x.org/a)\n- un\n- deux\n"


@pytest.mark.django_db
def test_signup_verification_email_goes_through_the_outbox(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), {"email": "nouvelle@organisme.org", "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD})
    message = OutboxMessage.objects.get(recipient_email="nouvelle@organisme.org")
    assert message.template.startswith("allauth:email_confirmation") and message.status == MessageStatus.SENT
    assert "Centraide du Grand Montréal" in message.body_text  # the program's footer
    link = re.search(r"https?://\S+/confirmer-courriel/\S+|https?://\S+confirm-email/\S+", message.body_text)
    assert link, message.body_text
    path = link.group(0).split("testserver", 1)[1]
    client.post(path)
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.get(email="nouvelle@organisme.org").verified


@pytest.mark.django_db
def test_staff_read_and_resend_messages_in_the_admin(client, smtp, django_capture_on_commit_callbacks):
    smtp.fail_with = "550 5.1.1 No such user"
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(OrganismeFactory())
    login_staff(client, StaffUserFactory())
    changelist = client.get(reverse("admin:outbox_outboxmessage_changelist") + "?status=failed")
    assert changelist.status_code == 200 and message.recipient_email in changelist.content.decode()
    assert client.get(reverse("admin:outbox_outboxmessage_change", args=[message.pk])).status_code == 200

    smtp.fail_with = None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:outbox_outboxmessage_changelist"),
            {"action": "resend_failed", "_selected_action": [message.pk]},
        )
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


@pytest.mark.django_db
def test_organisme_users_cannot_read_the_outbox(client):
    client.force_login(MembershipFactory().user)
    response = client.get(reverse("admin:outbox_outboxmessage_changelist"), follow=True)
    assert response.status_code == 403


def test_the_relay_runs_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-relay"]
    assert entry["task"] == "dataide.outbox.tasks.relay_pending_messages" and entry["schedule"] <= 60


class ConnectionCountingHandler(RecordingHandler):
    """Also records the SMTP session of each message: one session per TCP connection."""

    def __init__(self):
        super().__init__()
        self.sessions = []

    async def handle_DATA(self, server, session, envelope):
        self.sessions.append(session)
        return await super().handle_DATA(server, session, envelope)

    @property
    def connections(self) -> int:
        return len({id(session) for session in self.sessions})


@pytest.fixture
def counting_smtp(settings):
    handler = ConnectionCountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    yield handler
    controller.stop()


@pytest.mark.django_db
def test_deliveries_share_one_smtp_connection_until_it_fails(counting_smtp, django_capture_on_commit_callbacks):
    organisme = OrganismeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for index in range(5):
            _queue(organisme, email=f"membre{index}@exemple.org")
    assert len(counting_smtp.messages) == 5
    assert counting_smtp.connections == 1

    counting_smtp.fail_with = "451 4.3.0 Mail server temporarily rejected message"
    with django_capture_on_commit_callbacks(execute=True):
        refused = _queue(organisme, email="refuse@exemple.org")
    counting_smtp.fail_with = None
    with django_capture_on_commit_callbacks(execute=True):
        for index in range(3):
            _queue(organisme, email=f"apres{index}@exemple.org")

    refused.refresh_from_db()
    assert refused.status == MessageStatus.FAILED  # tasks are eager in tests: every retry ran
    assert len(counting_smtp.messages) == 8
    # Each failure closed its connection; the next messages share a new one.
    before, after = counting_smtp.sessions[:-3], counting_smtp.sessions[-3:]
    assert len({id(session) for session in after}) == 1
    assert id(after[0]) not in {id(session) for session in before}


# The tags that make an e-mail a function of its template, language, context and settings alone
# (dataide.outbox.rendering keeps what a plain context renders): `now`, a tag reading the database
# or the time would be frozen in that cache.
PURE_EMAIL_TAGS = {
    "load", "translate", "blocktranslate", "endblocktranslate", "plural", "if", "elif", "else", "endif",
    "include", "site_url", "program_contact_email", "with", "endwith", "for", "empty", "endfor",
}


def test_email_templates_use_only_tags_whose_result_can_be_kept():
    root = Path(settings.BASE_DIR) / "templates" / "emails"
    used = {tag for path in root.rglob("*.*") for tag in re.findall(r"\{%\s*(\w+)", path.read_text(encoding="utf-8"))}
    assert used <= PURE_EMAIL_TAGS, used - PURE_EMAIL_TAGS


@pytest.mark.django_db
def test_a_plain_context_is_rendered_once_and_gives_the_same_message(settings):
    """3 000 organismes sent the same announcement one by one: the message is rendered for the
    first and kept for the others (same subject, text and HTML); a context holding objects is
    rendered each time, and a changed setting is seen at once."""
    rendered = []
    template_rendered.connect(lambda sender, **kwargs: rendered.append(kwargs["template"].name), weak=False,
                              dispatch_uid="count-renders")
    try:
        plain = {"webinar": {"title": "Le numérique « au service » de la mission", "join_url": "https://exemple.org/w"}}
        first = render_message("webinar_reminder", plain, "fr-ca")
        assert rendered  # rendered the first time
        rendered.clear()
        again = render_message("webinar_reminder", json.loads(json.dumps(plain)), "fr-ca")
        assert again == first
        assert rendered == []  # kept, not rendered again
        assert render_message("webinar_reminder", plain, "en") != first and rendered  # per language
        rendered.clear()
        organisme = OrganismeFactory()
        with_object = {**plain, "organisme": organisme}
        render_message("webinar_reminder", with_object, "fr-ca")
        render_message("webinar_reminder", with_object, "fr-ca")
        assert rendered.count("emails/webinar_reminder/body.html") == 2
        settings.SITE_URL = "https://ailleurs.example.org/"
        assert "https://ailleurs.example.org" in render_message("webinar_reminder", plain, "fr-ca")[1]
    finally:
        template_rendered.disconnect(dispatch_uid="count-renders")
