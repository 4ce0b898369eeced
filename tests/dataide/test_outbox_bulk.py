"""queue_messages: one message to many people, rendered once per language, written in bulk and
delivered after the commit like every outbox message."""

import pytest
from django.core import mail
from django.db import transaction

from dataide.outbox import services
from dataide.outbox.models import MessageStatus, OutboxMessage
from tests.factories import MembershipFactory, OrganismeFactory

WEBINAR = {"title": "Le numérique au service de votre mission", "join_url": "https://webinaires.example.org/dataide"}


def _recipients(count: int, *, english_every: int = 0):
    recipients = []
    for index in range(count):
        language = "en" if english_every and index % english_every == 0 else "fr-ca"
        membership = MembershipFactory(organisme=OrganismeFactory(preferred_language=language))
        recipients.append(services.Recipient(
            email=membership.user.email, language=language, user=membership.user, addressee=membership.organisme,
        ))
    return recipients


def _announce(recipients):
    with transaction.atomic():
        return services.queue_messages(template="webinar_reminder", recipients=recipients, context={"webinar": WEBINAR})


@pytest.mark.django_db(transaction=True)
def test_queue_messages_needs_the_transaction_of_its_event():
    with pytest.raises(RuntimeError):
        services.queue_messages(template="webinar_reminder", recipients=[], context={"webinar": WEBINAR})


@pytest.mark.django_db
def test_each_recipient_gets_the_message_in_their_language_after_the_commit(django_capture_on_commit_callbacks):
    recipients = _recipients(3, english_every=3)
    with django_capture_on_commit_callbacks(execute=True):
        messages = _announce(recipients)
        assert mail.outbox == []  # nothing leaves before the commit

    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in recipients)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Rappel : webinaire « Le numérique au service de votre mission » demain" in by_address[recipients[1].email].subject
    assert "Reminder" in by_address[recipients[0].email].subject
    assert {message.status for message in OutboxMessage.objects.filter(pk__in=[m.pk for m in messages])} == {
        MessageStatus.SENT
    }
    # Staff find each message among those its organisme received.
    for recipient in recipients:
        assert OutboxMessage.objects.addressed_to(recipient.addressee).get().recipient_email == recipient.email


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_recipients(django_assert_max_num_queries):
    few, many = _recipients(2, english_every=2), _recipients(25, english_every=2)
    with django_assert_max_num_queries(3) as few_queries:
        _announce(few)
    with django_assert_max_num_queries(3) as many_queries:
        _announce(many)
    assert len(few_queries.captured_queries) == len(many_queries.captured_queries)
    assert OutboxMessage.objects.count() == 27


@pytest.mark.django_db
def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    recipients = _recipients(2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            services.queue_messages(template="webinar_reminder", recipients=recipients, context={"webinar": WEBINAR})
            transaction.set_rollback(True)

    assert callbacks == []
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []
