"""« Collect only what the process needs »: what no rule, criterion or decision reads is optional,
and the form says why it asks for what is not obviously needed."""

import pytest
from django.urls import reverse

from organismes.models import Organisme
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db


def _organisme_values(**changes):
    values = {
        "legal_name": "Le Pignon bleu", "neq": "1160001234", "charity_number": "", "region": region("06").pk,
        "street_address": "1000, rue Ontario Est", "city": "Montréal", "postal_code": "H2L 1R5",
        "mission": "Un milieu de vie pour les familles.", "preferred_language": "fr-ca",
    }
    return {**values, **changes}


def test_an_organisme_signs_up_without_its_staff_and_volunteer_counts(client):
    client.force_login(UserFactory())
    response = client.post(reverse("organismes:create"), _organisme_values())
    assert response.status_code == 302, response.context["form"].errors
    organisme = Organisme.objects.get(neq="1160001234")
    assert (organisme.staff_count, organisme.volunteer_count) == (None, None)  # unknown, not zero


def test_the_form_says_why_it_asks(client):
    client.force_login(UserFactory())
    page = client.get(reverse("organismes:create")).content.decode()
    for reason in (
        "aucun critère ne l'utilise",  # the counts: optional
        "un critère demande si le projet sert la mission",  # the mission: the committee reads it
        "elle figure sur la convention",  # the address: printed on the agreement
        "registre public",  # the charity number: published when given
        "elle choisit le comité",  # the region
    ):
        assert reason in page, reason
