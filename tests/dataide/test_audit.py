import pytest
from django.db import transaction

from dataide.audit.models import AuditEvent
from dataide.audit.services import record_event
from tests.factories import OrganismeFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_audit_events_must_share_the_transaction_of_the_change():
    with pytest.raises(RuntimeError):
        record_event(actor=None, action="test.outside")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_audit_event_rolls_back_with_its_change():
    organisme = OrganismeFactory()
    with pytest.raises(ValueError), transaction.atomic():
        record_event(actor=None, action="organisme.renamed", target=organisme)
        raise ValueError("the change failed")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_audit_event_records_actor_target_and_data():
    actor, organisme = UserFactory(), OrganismeFactory()
    with transaction.atomic():
        record_event(actor=actor, action="organisme.renamed", target=organisme, old="A", new="B")
    event = AuditEvent.objects.for_object(organisme).get()
    assert (event.actor, event.action, event.target, event.data) == (actor, "organisme.renamed", organisme, {"old": "A", "new": "B"})
