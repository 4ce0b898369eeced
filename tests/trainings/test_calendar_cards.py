"""The webinar calendar prints its cards from Python (trainings.cards) from rows read with SQL
compiled once per process (trainings.selectors.calendar_page): the page must say what its former
template said (calendar_reference.html, fed as the former view fed it: the ORM's queryset of the
upcoming webinars, paginated), in both languages, to a visitor, a person without an organisme
and an organisme's member, on the first and the second page, for webinars in summer and winter
time, full, with one place or one minute left, in either language, with titles and descriptions
to escape."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.paginator import Paginator
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import OrganismeFactory, UserFactory
from tests.helpers import comparable
from tests.organismes.factories import member_of
from trainings import selectors
from trainings.models import Language, WebinarSession
from trainings.views import CALENDAR_PER_PAGE

from .factories import WebinarRegistrationFactory, WebinarSessionFactory

pytestmark = pytest.mark.django_db
LANGUAGES = ["fr-ca", "en"]
MONTREAL = ZoneInfo("America/Montreal")
REFERENCE = engines["django"].from_string((Path(__file__).parent / "calendar_reference.html").read_text())


@pytest.fixture
def organisme():
    return OrganismeFactory(legal_name="Maison <des> familles")


@pytest.fixture
def webinars(organisme):
    """Fourteen upcoming webinars (two pages) and a past one; varied starts, places and texts."""
    year = timezone.localdate().year + 1
    made = [
        WebinarSessionFactory(title="Données <b>& vous</b>", starts_at=datetime(year, 1, 5, 9, 0, tzinfo=MONTREAL),
                              description="Première ligne\n<script>alert(1)</script>\n\nFin", capacity=1,
                              duration_minutes=1),
        WebinarSessionFactory(title='Le "nuage" d\'abord', starts_at=datetime(year, 7, 14, 13, 30, tzinfo=MONTREAL),
                              language=Language.ENGLISH, capacity=2, duration_minutes=90),
        WebinarSessionFactory(title="Minuit", starts_at=datetime(year, 11, 2, 0, 5, 7, 123, tzinfo=MONTREAL), capacity=3),
    ]
    made += [
        WebinarSessionFactory(starts_at=datetime(year, 2, day, 18, 45, tzinfo=MONTREAL), capacity=50 + day)
        for day in range(1, CALENDAR_PER_PAGE)
    ]
    WebinarRegistrationFactory(webinar=made[0])  # full: « Complet », no buttons
    WebinarRegistrationFactory(webinar=made[1], organisme=organisme)  # one place left, the organisme is in
    WebinarRegistrationFactory(webinar=made[2])
    WebinarSessionFactory(title="Déjà passé", starts_at=timezone.now() - timedelta(days=1))
    return made


def former_page(request, organisme, number):
    webinars = selectors.webinars_for_organisme(organisme) if organisme else selectors.upcoming_webinars()
    page_obj = Paginator(webinars, CALENDAR_PER_PAGE).get_page(number)
    return REFERENCE.render({"webinars": page_obj.object_list, "page_obj": page_obj, "organisme": organisme}, request)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewer", ["visitor", "person", "member"])
@pytest.mark.parametrize("number", ["1", "2", "abc"])
def test_the_calendar_says_what_its_template_said(client, webinars, organisme, language, viewer, number):
    if viewer == "person":
        client.force_login(UserFactory())
    if viewer == "member":
        client.force_login(member_of(organisme))
    with translation.override(language):
        response = client.get(reverse("trainings:calendar"), {"page": number})
        assert response.status_code == 200
        shown = response.content.decode()
        assert comparable(shown) == comparable(former_page(response.wsgi_request, organisme if viewer == "member" else None, number))
    if number != "2":
        assert shown.count('class="card mb-3"') == CALENDAR_PER_PAGE
        assert "Données &lt;b&gt;&amp; vous&lt;/b&gt;" in shown and "<time datetime=" in shown
        assert ("Complet" if language == "fr-ca" else "Full") in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_calendar_says_what_its_template_said(client, language):
    WebinarSessionFactory(starts_at=timezone.now() - timedelta(days=1))
    with translation.override(language):
        response = client.get(reverse("trainings:calendar"))
        assert comparable(response.content.decode()) == comparable(former_page(response.wsgi_request, None, None))
    assert WebinarSession.objects.count() == 1


def test_the_pages_are_counted_as_the_orm_counts_them(webinars):
    assert selectors.upcoming_webinar_count() == selectors.upcoming_webinars().count() == len(webinars)
    later = timezone.now() + timedelta(days=800)
    assert selectors.upcoming_webinar_count(later) == selectors.upcoming_webinars(later).count() == 0
