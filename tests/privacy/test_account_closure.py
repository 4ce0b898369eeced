"""A person closes their account: personal data anonymised, the organisme's award record kept."""

from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from applications.models import Application, ApplicationStatus
from dataide.accounts.models import User
from dataide.audit.models import AuditEvent
from dataide.outbox.models import OutboxMessage
from organismes.models import Membership
from tests.factories import ApplicationFactory, MembershipFactory, StaffUserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def test_closing_anonymises_the_person_and_keeps_the_award(client):
    membership = MembershipFactory(user__full_name="Julie Lavoie", user__email="julie@exemple.org")
    person, organisme = membership.user, membership.organisme
    award = ApplicationFactory(organisme=organisme, status=ApplicationStatus.AWARDED, amount_awarded=Decimal("4000"))
    OutboxMessage.objects.create(recipient_email=person.email, recipient_user=person, template="x",
                                 subject="Bonjour Julie Lavoie", body_text="Julie Lavoie, votre bourse…")
    client.force_login(person)

    refused = client.post(reverse("privacy:close_account"), {})
    assert "Cochez la case pour confirmer." in refused.content.decode()
    response = client.post(reverse("privacy:close_account"), {"confirm": "on"})
    assert response.status_code == 302

    person.refresh_from_db()
    assert (person.full_name, person.is_active, person.has_usable_password()) == ("", False, False)
    assert "julie" not in person.email
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not Membership.objects.filter(user=person).exists()
    message = OutboxMessage.objects.get(recipient_user=person)
    assert "Julie" not in message.subject + message.body_text + message.recipient_email
    award = Application.objects.get(pk=award.pk)
    assert (award.status, award.amount_awarded, award.organisme_id) == (
        ApplicationStatus.AWARDED, Decimal("4000"), organisme.pk)
    assert AuditEvent.objects.filter(action="account.closed", target_id=str(person.pk)).exists()
    assert not User.objects.filter(email="julie@exemple.org").exists()
    assert client.login(email="julie@exemple.org", password="motdepasse-de-test") is False


def test_staff_accounts_are_closed_in_the_admin_not_here(client):
    staff = StaffUserFactory()
    login_staff(client, staff)
    response = client.post(reverse("privacy:close_account"), {"confirm": "on"})
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.is_active
