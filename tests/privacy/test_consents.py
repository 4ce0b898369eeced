"""Consent per purpose: given at sign-up or on « Mes consentements », withdrawn as easily, every
choice kept with its text version, time and method."""

import pytest
from django.core import mail  # noqa: F401  (allauth sends through the outbox)
from django.urls import reverse

from dataide.accounts.models import User
from dataide.audit.models import AuditEvent
from dataide.privacy.models import Consent, ConsentPurpose
from dataide.privacy.selectors import current_consent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sign_up_records_the_purposes_ticked_and_none_other(client):
    response = client.post(reverse("account_signup"), {
        "email": "nouvelle@exemple.org", "password1": "un mot de passe long", "password2": "un mot de passe long",
        "consent_evaluation_contact": "on",
    })
    assert response.status_code == 302
    person = User.objects.get(email="nouvelle@exemple.org")
    consent = Consent.objects.get(user=person)
    assert (consent.purpose.code, consent.given, consent.method, consent.purpose_version) == (
        "evaluation_contact", True, "signup", 1)
    assert not current_consent(person, "impact_reporting")


def test_sign_up_offers_every_purpose_unticked(client):
    text = client.get(reverse("account_signup")).content.decode()
    for purpose in ConsentPurpose.objects.filter(active=True):
        assert f'name="consent_{purpose.code}"' in text
    assert "checked" not in text


def test_give_then_withdraw_on_the_account_page_keeps_the_history(client):
    person = UserFactory()
    client.force_login(person)
    page = reverse("privacy:consents")
    client.post(page, {"consent_impact_reporting": "on"})
    assert current_consent(person, "impact_reporting")
    assert client.get(page).context["form"]["consent_impact_reporting"].value() is True  # shown ticked
    client.post(page, {})  # untick: withdrawing is the same gesture
    assert not current_consent(person, "impact_reporting")
    history = list(Consent.objects.filter(user=person).order_by("created_at", "pk").values_list("given", "method"))
    assert history == [(True, "account"), (False, "account")]
    assert list(AuditEvent.objects.filter(target_id=str(person.pk)).order_by("pk").values_list("action", flat=True)) == [
        "privacy.consent_given", "privacy.consent_withdrawn"]
    text = client.get(page).content.decode()
    assert "Consentement donné" in text and "Consentement retiré" in text


def test_saving_the_same_choices_records_nothing(client):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("privacy:consents"), {})
    client.post(reverse("privacy:consents"), {"consent_evaluation_contact": "on"})
    client.post(reverse("privacy:consents"), {"consent_evaluation_contact": "on"})
    assert Consent.objects.filter(user=person).count() == 1


def test_a_new_text_version_asks_again(client):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("privacy:consents"), {"consent_evaluation_contact": "on"})
    ConsentPurpose.objects.filter(code="evaluation_contact").update(version=2)
    client.post(reverse("privacy:consents"), {"consent_evaluation_contact": "on"})
    assert list(Consent.objects.filter(user=person).order_by("pk").values_list("purpose_version", flat=True)) == [1, 2]


def test_the_page_needs_a_signed_in_person(client):
    assert client.get(reverse("privacy:consents")).status_code == 302
