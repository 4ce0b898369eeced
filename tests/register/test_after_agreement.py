"""The register now that agreements and payments exist: an award is published at its signature
(or at the award when it has no agreement), the feeds carry what was paid and the agreement's
dates, and their ETag follows a renamed organisme."""

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from grants import services as grants
from organismes.services import update_profile
from tests.factories import OrganismeFactory, StaffUserFactory
from tests.grants.factories import awarded
from tests.organismes.factories import member_of

from .factories import award
from .test_open_data import _body, _validator

pytestmark = pytest.mark.django_db
SIGNATURE = {"full_name": "Julie Lavoie", "title": "Directrice", "authority_confirmed": True}
JSON = "/fr/octrois/donnees.json"


def _grants(client) -> dict[str, dict]:
    return {grant["title"]: grant for grant in json.loads(_body(client.get(JSON)))["grants"]}


def _sign(application):
    grants.sign_agreement(actor=member_of(application.organisme), agreement=application.agreement, **SIGNATURE)
    application.refresh_from_db()
    return application


def test_an_award_is_published_once_its_agreement_is_signed(client):
    unsigned = awarded(OrganismeFactory(legal_name="Organisme pas encore signé"))
    without_agreement = award(title="Bourse sans convention")  # made before agreements existed

    assert client.get(f"/fr/octrois/{unsigned.number}/").status_code == 404
    assert set(_grants(client)) == {"Bourse sans convention"}
    assert client.get(f"/fr/octrois/{without_agreement.number}/").status_code == 200

    _sign(unsigned)

    assert client.get(f"/fr/octrois/{unsigned.number}/").status_code == 200
    assert set(_grants(client)) == {"Bourse sans convention", unsigned.title}
    assert "signé sa convention" in client.get("/fr/octrois/").content.decode()


def test_the_feed_carries_the_amount_disbursed_reversals_included_and_the_planned_dates(client):
    application = _sign(awarded(code="acceleration", amount=Decimal("10000")))
    staff = StaffUserFactory()
    assert "amountDisbursed" not in _grants(client)[application.title]  # no ledger line yet

    paid_on = datetime.date(2026, 12, 1)
    first = grants.record_payment(
        actor=staff, application=application, amount=Decimal("8000"), paid_on=paid_on, method="transfer", reference="V1",
    )
    grants.reverse_payment(actor=staff, payment=first, reason="Mauvais compte")
    grants.record_payment(
        actor=staff, application=application, amount=Decimal("7999.50"), paid_on=paid_on, method="transfer", reference="V2",
    )

    package = json.loads(_body(client.get(JSON)))
    assert not list(_validator().iter_errors(package))
    grant = next(grant for grant in package["grants"] if grant["title"] == application.title)
    assert grant["amountDisbursed"] == 7999.5  # 8 000 − 8 000 + 7 999,50
    signed_on = timezone.localdate(application.agreement.signed_at)
    due = grants.report_due_on(application.agreement)
    [dates] = grant["plannedDates"]
    assert (dates["startDate"][:10], dates["endDate"][:10]) == (signed_on.isoformat(), due.isoformat())
    assert dates["duration"] == application.agreement.report_due_months

    lines = _body(client.get("/fr/octrois/donnees.csv")).decode("utf-8-sig").splitlines()
    header, row = lines[0].split(","), lines[1].split(",")
    assert row[header.index("Amount Disbursed")] == "7999.5"
    assert row[header.index("Planned Dates:End Date")] == due.isoformat()


def test_renaming_the_organisme_changes_the_feeds_etag(client):
    organisme = OrganismeFactory(legal_name="Entraide du quartier")
    award(organisme=organisme)
    etag = client.get(JSON)["ETag"]
    assert client.get(JSON, HTTP_IF_NONE_MATCH=etag).status_code == 304

    organisme.legal_name = "Entraide du quartier Saint-Michel"
    update_profile(actor=member_of(organisme), organisme=organisme, fields=["legal_name"])

    renamed = client.get(JSON, HTTP_IF_NONE_MATCH=etag)
    assert renamed.status_code == 200
    assert renamed["ETag"] != etag
    assert "Entraide du quartier Saint-Michel" in _body(renamed).decode()


def test_a_second_payment_changes_the_feeds_etag(client):
    """The first payment moves the status (paid); the next ones only add a ledger line."""
    application = _sign(awarded(code="acceleration", amount=Decimal("10000")))
    staff = StaffUserFactory()

    def pay(reference):
        grants.record_payment(
            actor=staff, application=application, amount=Decimal("1000"), paid_on=datetime.date(2026, 12, 1),
            method="transfer", reference=reference,
        )

    pay("V1")
    etag = client.get(JSON)["ETag"]
    assert client.get(JSON, HTTP_IF_NONE_MATCH=etag).status_code == 304
    pay("V2")
    assert client.get(JSON, HTTP_IF_NONE_MATCH=etag).status_code == 200
