"""Times read « 13 h 30 » in French and « 1:30 p.m. » in English on pages, in e-mails, PDFs and
the admin (Django's own fr-CA format printed « 13 01 30 »)."""

import html as html_module
import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from dataide.outbox.models import OutboxMessage
from tests.factories import ApplicationFactory, MembershipFactory
from tests.helpers import pdf_text
from tests.staff.factories import signed_in_team
from tests.trainings.factories import WebinarSessionFactory

from ..applications.pages import page

pytestmark = pytest.mark.django_db

# Far enough ahead to stay a future webinar; 13:30 in Montréal.
HALF_PAST_ONE = timezone.make_aware(datetime(2031, 3, 4, 13, 30))
EXPECTED = {"fr-ca": "13\u00a0h\u00a030", "en": "1:30 p.m."}
ANY_TIME = {"fr-ca": re.compile(r"\b\d{1,2} h \d{2}\b"), "en": re.compile(r"\b\d{1,2}:\d{2} [ap]\.m\.")}


def _url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_webinar_page_and_registration_email_show_the_time_in_the_readers_words(client, language):
    membership = MembershipFactory(organisme__preferred_language=language)
    client.force_login(membership.user)
    webinar = WebinarSessionFactory(starts_at=HALF_PAST_ONE)

    html = page(client.get(_url("trainings:webinars", language)))
    assert EXPECTED[language] in html
    assert "13 01 30" not in html.replace("\u00a0", " ")

    client.post(_url("trainings:register", language, webinar.pk))
    message = OutboxMessage.objects.get(template="webinar_registration")
    assert _plain(EXPECTED[language]) in _plain(message.body_text)
    assert _plain(EXPECTED[language]) in _plain(html_module.unescape(message.body_html))


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ")


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_autosave_says_when_in_the_readers_words(client, language):
    membership = MembershipFactory()
    client.force_login(membership.user)
    application = ApplicationFactory(organisme=membership.organisme)
    response = client.post(_url("applications:autosave", language, application.pk, "besoin"), {"title": "Titre"})
    assert ANY_TIME[language].search(_plain(response.json()["message"]))


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_admin_list_and_dashboard_pdf_show_times_in_the_readers_words(client, language):
    signed_in_team(client)
    WebinarSessionFactory(starts_at=HALF_PAST_ONE)
    html = page(client.get(_url("admin:trainings_webinarsession_changelist", language)))
    assert EXPECTED[language] in html

    text = pdf_text(client.get(_url("admin:program_dashboard_pdf", language)).content)
    assert ANY_TIME[language].search(text)
