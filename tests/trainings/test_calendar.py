"""The public webinar calendar: visitors see dates (French conventions), language and places
left; registering asks them to sign in first, then goes through the registration service."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.applications.pages import page
from tests.factories import OrganismeFactory, UserFactory
from tests.organismes.factories import member_of
from tests.trainings.factories import WebinarRegistrationFactory, WebinarSessionFactory
from trainings.models import WebinarRegistration
from trainings.views import CALENDAR_PER_PAGE

pytestmark = pytest.mark.django_db

MONTREAL = ZoneInfo("America/Montreal")


def _webinar(**fields):
    year = timezone.localdate().year + 1
    return WebinarSessionFactory(
        title="Le numérique sans stress", starts_at=datetime(year, 3, 4, 13, 30, tzinfo=MONTREAL), capacity=3, **fields,
    )


def test_visitors_see_dates_language_and_places_left(client):
    webinar = _webinar()
    WebinarRegistrationFactory(webinar=webinar)
    WebinarSessionFactory(title="Déjà passé", starts_at=timezone.now() - timezone.timedelta(days=1))
    calendar = page(client.get("/fr/formations/calendrier/"))
    assert "Le numérique sans stress" in calendar and "Déjà passé" not in calendar
    assert "4 mars" in calendar and "13\xa0h\xa030" in calendar
    assert "Français" in calendar and "2 places restantes" in calendar
    register_url = reverse("trainings:calendar_register", args=[webinar.pk])
    assert f"?next={register_url}" in calendar
    assert client.get(register_url)["Location"].startswith(reverse("account_login"))


def test_after_signing_in_the_person_confirms_and_the_service_registers_the_organisme(client):
    webinar = _webinar()
    person = member_of(OrganismeFactory(legal_name="Maison des familles"))
    client.force_login(person)
    confirm = page(client.get(reverse("trainings:calendar_register", args=[webinar.pk])))
    assert "Inscrire Maison des familles" in confirm
    client.post(reverse("trainings:register", args=[webinar.pk]))
    assert WebinarRegistration.objects.filter(webinar=webinar, organisme__legal_name="Maison des familles").exists()
    assert "Votre organisme est inscrit" in page(client.get("/fr/formations/calendrier/"))


def test_a_person_without_an_organisme_is_asked_to_register_it_first(client):
    client.force_login(UserFactory())
    response = client.get(reverse("trainings:calendar_register", args=[_webinar().pk]))
    assert response["Location"] == reverse("organismes:start")


@pytest.mark.parametrize("count", [2, 20])
def test_the_calendar_is_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    for _index in range(count):
        WebinarRegistrationFactory(webinar=_webinar())
    with django_assert_num_queries(2):  # the count of the pages, then the page
        client.get("/fr/formations/calendrier/")


def test_the_calendar_shows_a_page_of_the_nearest_webinars_then_the_next(client):
    start = timezone.now() + timezone.timedelta(days=1)
    for week in range(CALENDAR_PER_PAGE + 1):
        WebinarSessionFactory(title=f"Semaine {week + 1:02d}", starts_at=start + timezone.timedelta(weeks=week))
    first = page(client.get("/fr/formations/calendrier/"))
    assert "Semaine 01" in first and f"Semaine {CALENDAR_PER_PAGE:02d}" in first
    assert f"Semaine {CALENDAR_PER_PAGE + 1:02d}" not in first and "?page=2" in first
    second = page(client.get("/fr/formations/calendrier/?page=2"))
    assert f"Semaine {CALENDAR_PER_PAGE + 1:02d}" in second and "Semaine 01" not in second
    assert client.get("/fr/formations/calendrier/?page=abc").status_code == 200


def test_the_cards_escape_the_title_and_description_and_offer_a_signed_in_person_to_register(client):
    """The cards are written from Python (trainings.cards): what staff typed is escaped there too."""
    webinar = _webinar(description="Première ligne\n<script>alert(1)</script>")
    webinar.title = "Données <b>& vous</b>"
    webinar.save()
    client.force_login(UserFactory())
    calendar = client.get("/fr/formations/calendrier/").content.decode()
    assert "Données &lt;b&gt;&amp; vous&lt;/b&gt;" in calendar and "<b>&" not in calendar
    assert "Première ligne<br>&lt;script&gt;" in calendar
    register_url = reverse("trainings:calendar_register", args=[webinar.pk])
    assert f'href="{register_url}">M\'inscrire' in calendar
