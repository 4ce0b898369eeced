"""The ledger: never above the award (even at the same moment), nothing before signature,
reversals instead of edits, batches exported then paid in one transaction."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from applications.statuses import ApplicationStatus as S
from grants import selectors, services
from grants.models import Payment, PaymentBatch
from tests.factories import OrganismeFactory, StaffUserFactory
from tests.grants.factories import awarded
from tests.helpers import at_the_same_moment, login_staff
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)
SIGNATURE = {"full_name": "Julie Lavoie", "title": "Directrice", "authority_confirmed": True}


def signed(code="amorcage", amount=Decimal("4000"), organisme=None):
    organisme = organisme or OrganismeFactory()
    application = awarded(organisme, code=code, amount=amount)
    services.sign_agreement(actor=member_of(organisme), agreement=application.agreement, **SIGNATURE)
    application.refresh_from_db()
    return application


def pay(application, amount, staff=None):
    return services.record_payment(
        actor=staff or StaffUserFactory(), application=application, amount=amount, paid_on=TODAY, method="transfer",
        reference="VIR-1",
    )


def _code(excinfo):
    return excinfo.value.error_list[0].code


def test_the_first_payment_moves_the_application_to_paid():
    application = signed(code="acceleration", amount=Decimal("10000"))
    pay(application, Decimal("8000"))
    application.refresh_from_db()
    assert application.status == S.PAID and services.total_paid(application) == Decimal("8000")


def test_no_payment_before_signature():
    application = awarded()
    with pytest.raises(ValidationError) as excinfo:
        pay(application, Decimal("100"))
    assert _code(excinfo) == "not_signed" and "avant la signature" in excinfo.value.messages[0]


def test_no_payment_above_the_award():
    application = signed(amount=Decimal("4000"))
    pay(application, Decimal("3000"))
    with pytest.raises(ValidationError) as excinfo:
        pay(application, Decimal("1000.01"))
    assert _code(excinfo) == "above_award" and "au-delà du montant accordé (4 000 $)" in excinfo.value.messages[0].replace("\xa0", " ")


def test_a_reversal_is_a_new_line_and_frees_the_amount():
    application = signed(amount=Decimal("4000"))
    payment = pay(application, Decimal("4000"))
    with pytest.raises(ValidationError):
        services.reverse_payment(actor=StaffUserFactory(), payment=payment, reason="  ")
    services.reverse_payment(actor=StaffUserFactory(), payment=payment, reason="Mauvais compte bancaire")
    assert Payment.objects.filter(application=application).count() == 2
    assert services.total_paid(application) == 0
    with pytest.raises(ValidationError) as excinfo:
        services.reverse_payment(actor=StaffUserFactory(), payment=payment, reason="Encore")
    assert _code(excinfo) == "already_reversed"
    pay(application, Decimal("4000"))


def test_the_database_refuses_a_negative_payment_without_its_reason():
    application = signed()
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(application=application, amount=Decimal("-5"), paid_on=TODAY, method="transfer",
                               recorded_by=StaffUserFactory())


def test_the_admin_offers_no_change_nor_delete_of_a_payment(client):
    payment = pay(signed(), Decimal("100"))
    login_staff(client, StaffUserFactory())
    assert client.post(reverse("admin:grants_payment_delete", args=[payment.pk]), {"post": "yes"}).status_code == 403
    page = client.get(reverse("admin:grants_payment_change", args=[payment.pk])).content.decode()
    assert 'name="amount"' not in page


def test_the_admin_refuses_a_payment_above_the_award_with_a_message(client):
    application = signed(amount=Decimal("4000"))
    login_staff(client, StaffUserFactory())
    response = client.post(reverse("admin:grants_payment_add"), {
        "application": application.pk, "amount": "4 000,01", "paid_on": "2026-12-01", "method": "transfer", "reference": "",
    }, follow=True)
    assert response.status_code == 200
    assert "au-delà du montant accordé" in response.content.decode()
    assert not Payment.objects.exists()


def test_the_organisme_sees_what_was_paid_and_what_is_to_come(client):
    organisme = OrganismeFactory()
    application = signed(code="acceleration", amount=Decimal("10000"), organisme=organisme)
    pay(application, Decimal("8000"))
    client.force_login(member_of(organisme))
    page = client.get(reverse("grants:agreement", args=[application.pk])).content.decode().replace("\xa0", " ")
    assert "Versé : 8 000 $. À venir : 2 000 $." in page


def test_a_batch_of_payments_due_is_exported_then_paid_in_one_transaction(client):
    first = signed(code="acceleration", amount=Decimal("10000"))
    second = signed(amount=Decimal("4000"))
    unsigned = awarded()
    assert {a.application_id: amount for a, amount in selectors.payments_due()} == {
        first.pk: Decimal("8000.00"), second.pk: Decimal("4000.00"),
    }
    staff = StaffUserFactory()
    batch = services.create_payment_batch(actor=staff, applications=[first, second, unsigned])
    login_staff(client, staff)
    export = client.post(reverse("admin:grants_paymentbatch_changelist"), {
        "action": "export_csv", "_selected_action": [batch.pk],
    })
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[0] == "Numéro;Organisme;NEQ;Montant"
    assert rows[-1] == "Total;;;12000,00" and len(rows) == 4

    client.post(reverse("admin:grants_paymentbatch_changelist"), {"action": "mark_paid", "_selected_action": [batch.pk]})

    assert PaymentBatch.objects.get(pk=batch.pk).paid_at is not None
    assert services.total_paid(first) == Decimal("8000") and services.total_paid(second) == Decimal("4000")
    assert selectors.payments_due() == []


def test_a_batch_that_would_exceed_an_award_records_nothing():
    first, second = signed(), signed()
    staff = StaffUserFactory()
    batch = services.create_payment_batch(actor=staff, applications=[first, second])
    pay(second, Decimal("1"), staff)  # paid by hand meanwhile: the batch's 4 000 $ no longer fits
    with pytest.raises(ValidationError):
        services.mark_batch_paid(actor=staff, batch=batch, paid_on=TODAY)
    assert services.total_paid(first) == 0 and PaymentBatch.objects.get(pk=batch.pk).paid_at is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_never_exceed_the_award():
    application = signed(amount=Decimal("3000"))
    staff = StaffUserFactory()
    outcomes = at_the_same_moment(
        lambda _n: pay(application, Decimal("1000"), staff) and "paid", list(range(5))
    )
    assert sorted(outcomes) == ["above_award", "above_award", "paid", "paid", "paid"]
    assert services.total_paid(application) == Decimal("3000")
