"""The dashboard's webinars panel is printed from Python (trainings.dashboard.webinars_panel_html):
it must say what its former template (dashboard_panel_reference.html) said, in both languages, for
webinars registered, open and full, in French and English, with titles to escape, and when none
is planned."""

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import OrganismeFactory
from tests.helpers import same_markup, without_csrf
from tests.organismes.factories import member_of
from trainings.dashboard import UPCOMING_SHOWN, webinars_panel_html
from trainings.models import WebinarRegistration
from trainings.selectors import webinars_for_organisme

from .factories import WebinarSessionFactory

pytestmark = pytest.mark.django_db
REFERENCE = engines["django"].from_string((Path(__file__).parent / "dashboard_panel_reference.html").read_text())


def _request():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = "b" * 32
    return request


def _webinars(organisme):
    # At 13 h 30 and at 9 h in Montréal, one in a month across the change of time.
    first = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=2), datetime.min.time())) + timedelta(hours=13, minutes=30)
    registered = WebinarSessionFactory(starts_at=first, title="Données « ouvertes » & <libres>")
    WebinarRegistration.objects.create(webinar=registered, organisme=organisme)
    full = WebinarSessionFactory(starts_at=first + timedelta(days=1, hours=-4, minutes=-30), capacity=1, language="en", title="L'an 2027")
    WebinarRegistration.objects.create(webinar=full, organisme=OrganismeFactory())
    WebinarSessionFactory(starts_at=first + timedelta(days=30), title='Le "numérique"')


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_the_panel_says_what_its_template_said(language):
    organisme, other = OrganismeFactory(), OrganismeFactory()
    with translation.override(language):
        empty = without_csrf(webinars_panel_html(_request(), []))
        assert same_markup(empty) == same_markup(REFERENCE.render({"panel": {"webinars": []}}, _request()))
    _webinars(organisme)
    for who in (organisme, other):
        webinars = list(webinars_for_organisme(who)[:UPCOMING_SHOWN])
        with translation.override(language):
            printed = without_csrf(webinars_panel_html(_request(), webinars))
            reference = without_csrf(REFERENCE.render({"panel": {"webinars": webinars}}, _request()))
        assert same_markup(printed) == same_markup(reference)
        assert printed.count("<li") == 3 and "&lt;libres&gt;" in printed
    assert '<input type="hidden" name="csrfmiddlewaretoken" value="">' in printed and f"/{webinars[0].pk}/inscription/" in printed


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_the_dashboard_shows_the_printed_panel(client, language):
    organisme = OrganismeFactory()
    _webinars(organisme)
    client.force_login(member_of(organisme))
    with translation.override(language):
        html = without_csrf(client.get(reverse("organismes:dashboard")).content.decode())
        webinars = list(webinars_for_organisme(organisme)[:UPCOMING_SHOWN])
        reference = without_csrf(REFERENCE.render({"panel": {"webinars": webinars}}, _request()))
    assert same_markup(reference) in same_markup(html)
