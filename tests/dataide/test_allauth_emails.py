"""allauth's e-mails are ours: a complete text part naming the site, with the link, in the
language of the person who asked; and « courriel », never « e-mail », in French, allauth's pages
included. (allauth's own French text printed « …sur . », without the site's name.)"""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from dataide.outbox.models import OutboxMessage
from tests.factories import DEFAULT_PASSWORD, UserFactory

from ..applications.pages import page

pytestmark = pytest.mark.django_db

GREETING = {"fr-ca": "Bonjour,", "en": "Hello,"}
E_MAIL = re.compile(r"\b[eE]-?mails?\b")
# Addresses, links and placeholders are code, not words.
NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|%\(\w+\)s|\{\w+\}")


def _says_e_mail(text: str) -> list[str]:
    return E_MAIL.findall(NOT_WORDS.sub(" ", text or ""))


def _url(name, language):
    with translation.override(language):
        return reverse(name)


def _text_part_is_complete(message, language, link_part):
    text = message.body_text
    assert message.language == language
    assert text.startswith(GREETING[language])
    assert "DATAide" in text and settings.SITE_URL.rstrip("/") in text  # the site is named
    assert "Centraide du Grand Montréal" in text  # the program's footer
    assert re.search(r"https?://\S*" + link_part, text), text
    assert re.search(r" \.", text) is None  # no « sur . »: nothing left empty before a full stop
    assert "{{" not in text and "%(" not in text


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_signup_confirmation_text_names_the_site_and_has_the_link(client, language):
    client.post(_url("account_signup", language), {"email": "nouvelle@organisme.org", "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD})
    message = OutboxMessage.objects.get(template="allauth:email_confirmation_signup")
    _text_part_is_complete(message, language, "/(confirmer-courriel|confirm-email)/")
    assert "nouvelle@organisme.org" in message.body_text
    if language == "fr-ca":
        assert "Confirmez votre adresse courriel" in message.subject and not _says_e_mail(message.body_text)


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_password_reset_text_names_the_site_and_has_the_link(client, language):
    user = UserFactory()
    client.post(_url("account_reset_password", language), {"email": user.email})
    message = OutboxMessage.objects.get(template="allauth:password_reset_key")
    _text_part_is_complete(message, language, "/key/")
    link = re.search(r"https?://testserver(\S+/key/\S+)", message.body_text).group(1)
    assert client.get(link, follow=True).status_code == 200


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_password_reset_for_an_unknown_address_offers_signup(client, language):
    client.post(_url("account_reset_password", language), {"email": "inconnue@organisme.org"})
    message = OutboxMessage.objects.get(template="allauth:unknown_account")
    _text_part_is_complete(message, language, "/(inscription|signup)/")


def test_allauth_senders_we_do_not_write_stay_off():
    """The adapter writes the messages above; the others allauth can send are turned off."""
    from allauth.account import app_settings

    assert not app_settings.EMAIL_NOTIFICATIONS
    assert not app_settings.LOGIN_BY_CODE_ENABLED
    assert not app_settings.PASSWORD_RESET_BY_CODE_ENABLED
    assert not app_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED


def _french_catalogs():
    yield Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    yield Path(settings.BASE_DIR) / "dataide" / "allauth_locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_french_catalogs_and_templates_say_courriel():
    offenders = []
    for po_path in _french_catalogs():
        with po_path.open("rb") as po_file:
            for message in read_po(po_file):
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                offenders += [s for s in strings if _says_e_mail(s)]
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                if po_path.parts[-4] == "locale":  # our msgids are French too
                    offenders += [i for i in ids if _says_e_mail(i)]
    for template in (Path(settings.BASE_DIR) / "templates").rglob("*"):
        if template.suffix in (".html", ".txt"):
            text = re.sub(r"{%.*?%}|{{.*?}}|<[^>]+>", " ", template.read_text(encoding="utf-8"), flags=re.S)
            offenders += [f"{template}: {m}" for m in _says_e_mail(text)]
    assert not offenders


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password", "account_email_verification_sent"])
def test_allauth_pages_say_courriel_in_french(client, name):
    html = page(client.get(_url(name, "fr-ca")))
    visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
    assert "courriel" in visible.lower() or name == "account_email_verification_sent"
    assert not _says_e_mail(visible)


def test_english_never_puts_a_before_a_tier_name():
    """« a Acceleration grant », « a Innovation grant »: the tier's name comes in a phrase that
    needs no article."""
    po_path = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
    with po_path.open("rb") as po_file:
        strings = [m.string for m in read_po(po_file) if isinstance(m.string, str)]
    assert not [s for s in strings if re.search(r"\b[aA] %\((tier|name)\)s", s)]
