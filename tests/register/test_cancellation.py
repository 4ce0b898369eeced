"""A cancelled award leaves the register in the transaction of its cancellation: the register is a
read model over the statuses, with nothing of its own to forget to update.

Removed rather than marked cancelled: 360Giving asks publishers to publish the grants they made;
a cancelled award is a decision taken back before any money moved, and the audit trail keeps it
for staff. A signed agreement cannot be cancelled (the status table has no such move), so the
published grants a cancellation can reach are the ones published at the award: those without an
agreement."""

from decimal import Decimal

import pytest
from django.db import transaction

from applications.decisions import cancel_award
from register.selectors import published_applications
from tests.factories import StaffUserFactory

from .factories import award

pytestmark = pytest.mark.django_db


def _awarded(staff):
    return award(number="AMO-2026-0777", title="Projet annulé", amount=Decimal("4000"), decided_by=staff)


def test_a_cancellation_removes_the_grant_from_every_public_output(client):
    staff = StaffUserFactory()
    application = _awarded(staff)
    assert client.get("/fr/octrois/AMO-2026-0777/").status_code == 200
    etag = client.get("/fr/octrois/donnees.json")["ETag"]

    cancel_award(actor=staff, application=application, reason="L'organisme renonce au projet.")

    assert client.get("/fr/octrois/AMO-2026-0777/").status_code == 404
    assert "Projet annulé" not in client.get("/fr/octrois/").content.decode()
    feed = client.get("/fr/octrois/donnees.json", HTTP_IF_NONE_MATCH=etag)
    assert feed.status_code == 200
    assert b"AMO-2026-0777" not in b"".join(feed.streaming_content)


def test_the_removal_belongs_to_the_cancellations_transaction():
    staff = StaffUserFactory()
    application = _awarded(staff)

    with pytest.raises(RuntimeError), transaction.atomic():
        cancel_award(actor=staff, application=application, reason="Erreur de saisie.")
        assert not published_applications().filter(pk=application.pk).exists()
        raise RuntimeError("the cancellation fails after its move")

    # Rolled back with the cancellation: the grant is published again, as the award stands.
    assert published_applications().filter(pk=application.pk).exists()
