"""Consent per purpose: given at sign-up or on « Mes consentements », withdrawn as easily, every
choice kept with its text version, time and method."""

import pytest
from django.core import mail  # noqa: F401  (allauth sends through the outbox)
from django.urls import reverse

from dataide.accounts.models import User
from dataide.audit.events import AuditEventType
from dataide.audit.models import AuditEvent
from dataide.privacy.models import Consent, ConsentPurpose
from dataide.privacy.selectors import current_consent
from tests.factories import StaffUserFactory, UserFactory
from tests.helpers import login_staff, post_admin_change

pytestmark = pytest.mark.django_db


def test_sign_up_records_the_purposes_ticked_and_none_other(client):
    response = client.post(reverse("account_signup"), {
        "email": "nouvelle@exemple.org", "password1": "un mot de passe long", "password2": "un mot de passe long",
        "consent_evaluation_contact": "on",
    })
    assert response.status_code == 302
    person = User.objects.get(email="nouvelle@exemple.org")
    consent = Consent.objects.get(user=person, given=True)
    assert (consent.purpose.code, consent.given, consent.method, consent.purpose_version) == (
        "evaluation_contact", True, "signup", 1)
    assert not current_consent(person, "impact_reporting")
    # The unticked boxes are answers too: « non », recorded as refusals.
    refused = set(Consent.objects.filter(user=person, given=False).values_list("purpose__code", flat=True))
    assert refused == set(ConsentPurpose.objects.filter(active=True).exclude(code="evaluation_contact").values_list("code", flat=True))


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
    history = list(Consent.objects.filter(user=person, purpose__code="impact_reporting").order_by("created_at", "pk")
                   .values_list("given", "method"))
    assert history == [(True, "account"), (False, "account")]
    # The other purposes, never ticked, are answered « non » by the first save: refusals.
    events = AuditEvent.objects.filter(target_id=str(person.pk)).exclude(action="privacy.consent_refused")
    assert list(events.order_by("pk").values_list("action", flat=True)) == [
        "privacy.consent_given", "privacy.consent_withdrawn"]
    text = client.get(page).content.decode()
    assert "Consentement donné" in text and "Consentement retiré" in text


def test_saving_the_same_choices_records_nothing(client):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("privacy:consents"), {})
    client.post(reverse("privacy:consents"), {"consent_evaluation_contact": "on"})
    recorded = Consent.objects.filter(user=person).count()
    client.post(reverse("privacy:consents"), {"consent_evaluation_contact": "on"})
    assert Consent.objects.filter(user=person).count() == recorded
    # One refusal per purpose, then the change of mind: nothing more.
    assert recorded == ConsentPurpose.objects.filter(active=True).count() + 1


def test_a_new_text_version_asks_again(client):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("privacy:consents"), {"consent_evaluation_contact": "on"})
    ConsentPurpose.objects.filter(code="evaluation_contact").update(version=2)
    client.post(reverse("privacy:consents"), {"consent_evaluation_contact": "on"})
    versions = Consent.objects.filter(user=person, purpose__code="evaluation_contact").order_by("pk")
    assert list(versions.values_list("purpose_version", flat=True)) == [1, 2]


def test_the_page_needs_a_signed_in_person(client):
    assert client.get(reverse("privacy:consents")).status_code == 302


SIGNUP = {"email": "arrivee@exemple.org", "password1": "un mot de passe long", "password2": "un mot de passe long"}


def _new_purpose(code="newsletter_stories"):
    return ConsentPurpose.objects.create(
        code=code, label_fr="Témoigner dans l'infolettre", label_en="Tell our story in the newsletter",
        text_fr="Nous pourrions vous demander un témoignage.", text_en="We may ask you for a story.", position=99,
    )


def _prompted(client) -> bool:
    return 'data-testid="consent-prompt"' in client.get(reverse("privacy:notice")).content.decode()


def test_a_purpose_added_after_sign_up_is_asked_on_every_page_until_answered_non(client):
    client.post(reverse("account_signup"), SIGNUP)
    person = User.objects.get(email=SIGNUP["email"])
    client.force_login(person)
    assert not _prompted(client)  # every purpose was answered at sign-up

    _new_purpose()

    page = client.get(reverse("privacy:notice")).content.decode()
    assert "Témoigner dans l&#x27;infolettre" in page and f'href="{reverse("privacy:consents")}"' in page
    assert _prompted(client)  # still asked on the next page
    consents = client.get(reverse("privacy:consents")).content.decode()
    assert 'data-testid="consent-prompt"' not in consents and 'data-testid="unanswered"' in consents

    client.post(reverse("privacy:consents"), {})  # « non »: the same one click as « oui »

    assert not _prompted(client)
    answer = Consent.objects.get(user=person, purpose__code="newsletter_stories")
    assert (answer.given, answer.method) == (False, "account")
    assert AuditEvent.objects.filter(action="privacy.consent_refused", target_id=str(person.pk)).exists()
    assert "Consentement refusé" in client.get(reverse("privacy:consents")).content.decode()


def test_answering_oui_ends_the_prompt_and_a_reworded_text_asks_again(client):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("privacy:consents"), {})
    _new_purpose()
    assert _prompted(client)
    client.post(reverse("privacy:consents"), {"consent_newsletter_stories": "on"})
    assert not _prompted(client) and current_consent(person, "newsletter_stories")

    reworded = ConsentPurpose.objects.get(code="newsletter_stories")
    reworded.version = 2  # as the admin saves a new text
    reworded.save()
    assert _prompted(client)


def test_staff_and_visitors_are_not_asked(client):
    _new_purpose()
    assert not _prompted(client)
    client.force_login(UserFactory(is_staff=True))
    assert not _prompted(client)


def test_new_words_in_the_admin_are_a_new_version_audited_and_asked_again(client):
    person = UserFactory()
    client.force_login(person)
    purpose = _new_purpose()
    client.post(reverse("privacy:consents"), {"consent_newsletter_stories": "on"})
    assert not _prompted(client)

    staff = StaffUserFactory()
    login_staff(client, staff)
    response = post_admin_change(client, purpose, text_fr="Nous pourrions publier votre témoignage.")
    assert response.status_code == 302, response.content.decode()[:2000]
    purpose.refresh_from_db()
    assert purpose.version == 2
    [event] = AuditEvent.objects.for_object(purpose).filter(action=AuditEventType.PRIVACY_PURPOSE_CHANGED)
    assert event.actor == staff
    assert event.data["changes"]["version"] == {"old": 1, "new": 2}
    assert set(event.data["changes"]) == {"text_fr", "version"}

    client.force_login(person)
    assert _prompted(client)


def test_reordering_a_purpose_keeps_its_version(client):
    purpose = _new_purpose()
    login_staff(client, StaffUserFactory())
    assert post_admin_change(client, purpose, position=3).status_code == 302
    purpose.refresh_from_db()
    assert (purpose.position, purpose.version) == (3, 1)
    [event] = AuditEvent.objects.for_object(purpose).filter(action=AuditEventType.PRIVACY_PURPOSE_CHANGED)
    assert set(event.data["changes"]) == {"position"}
