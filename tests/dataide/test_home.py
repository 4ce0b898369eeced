import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from applications.models import ApplicationStatus
from tests.factories import ApplicationFactory, tier


def _get(client, language, **kwargs):
    with translation.override(language):
        url = reverse("home")
    return client.get(url, **kwargs)


@pytest.mark.django_db
def test_home_in_french_by_default(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/fr/"
    html = response.content.decode()
    assert '<html lang="fr-ca">' in html
    assert "5\u00a0000\u00a0$" in html  # amorçage maximum, French money format
    assert "5\u00a0400\u00a0000\u00a0$" in html
    assert "Amorçage" in html and "Accélération" in html and "Innovation" in html


@pytest.mark.django_db
def test_home_in_english(client):
    response = _get(client, "en")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "$5,000" in html and "Seed" in html
    assert "Three grant tiers" in html


@pytest.mark.django_db
def test_home_shows_live_places_left(client):
    amorcage = tier("amorcage")
    ApplicationFactory(tier=amorcage, status=ApplicationStatus.AWARDED, amount_awarded=Decimal("3000"))
    ApplicationFactory(tier=amorcage, status=ApplicationStatus.SUBMITTED)  # not awarded: holds no place
    html = _get(client, "fr-ca").content.decode()
    assert re.search(r'data-testid="places-left-amorcage">409<', html)
    assert re.search(r'data-testid="places-left-innovation">7<', html)


@pytest.mark.django_db
def test_home_queries_do_not_grow_with_applications(client, django_assert_max_num_queries):
    ApplicationFactory.create_batch(30, status=ApplicationStatus.AWARDED, amount_awarded=Decimal("1000"))
    with django_assert_max_num_queries(4):
        assert _get(client, "fr-ca").status_code == 200


@pytest.mark.django_db
def test_pages_load_nothing_from_third_parties(client):
    html = _get(client, "fr-ca").content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
