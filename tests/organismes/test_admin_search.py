"""The admin's search box finds what staff type (organismes.search), on the organismes and the
applications lists: names without accents or with a typo (PostgreSQL unaccent + pg_trgm), the NEQ
with or without spaces, a member's courriel, the application number; and still nothing when
nothing matches."""

import pytest
from django.urls import reverse

from tests.factories import OrganismeFactory, region
from tests.helpers import login_staff
from tests.organismes.factories import member_of
from tests.staff.factories import ESTRIE, MONTREAL, regional_staff, signed_in_team, submitted_application

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ORGANISMES = "admin:organismes_organisme_changelist"
APPLICATIONS = "admin:applications_application_changelist"


@pytest.fixture
def directory():
    cafe = OrganismeFactory(legal_name="Café-rencontre du Plateau", neq="1234567890")
    centre = OrganismeFactory(legal_name="Centre d'aide aux familles de Verdun", neq="2234567890")
    OrganismeFactory(legal_name="Maison des jeunes de Rosemont", neq="3234567890")
    member_of(centre, email="direction@centre-verdun.org")
    submitted_application("AMO-2026-0311", organisme=cafe)
    submitted_application("AMO-2026-0312", organisme=centre)
    return cafe, centre


def found(client, url_name, term) -> list[str]:
    response = client.get(reverse(url_name), {"q": term})
    assert response.status_code == 200
    rows = response.context["cl"].result_list
    # The organismes list holds organismes; the applications list, value tuples (admin_rows).
    return sorted(getattr(row, "legal_name", None) or row.organisme__legal_name for row in rows)


@pytest.mark.parametrize("url_name", [ORGANISMES, APPLICATIONS])
@pytest.mark.parametrize(("term", "expected"), [
    ("Cafe", ["Café-rencontre du Plateau"]),
    ("café RENCONTRE", ["Café-rencontre du Plateau"]),
    ("Centr d'aide", ["Centre d'aide aux familles de Verdun"]),
    ("centre daide familes", ["Centre d'aide aux familles de Verdun"]),
    ("1234 567 890", ["Café-rencontre du Plateau"]),
    ("1234567890", ["Café-rencontre du Plateau"]),
    ("DIRECTION@centre-verdun.org", ["Centre d'aide aux familles de Verdun"]),
    ("piscine municipale", []),
])
def test_staff_find_what_they_type(client, directory, url_name, term, expected):
    signed_in_team(client)
    assert found(client, url_name, term) == expected


def test_the_application_number_finds_its_application(client, directory):
    signed_in_team(client)
    assert found(client, APPLICATIONS, "AMO-2026-0312") == ["Centre d'aide aux familles de Verdun"]
    assert found(client, APPLICATIONS, "  amo-2026-0311 ") == ["Café-rencontre du Plateau"]


def test_a_member_with_several_organismes_does_not_double_rows(client, directory):
    cafe, centre = directory
    person = member_of(cafe, email="benevole@exemple.org")
    member_of(centre, email="autre@exemple.org")
    centre.memberships.create(user=person, role="collaborator")
    signed_in_team(client)
    assert found(client, ORGANISMES, "benevole@exemple.org") == [
        "Café-rencontre du Plateau", "Centre d'aide aux familles de Verdun",
    ]


def test_search_stays_within_regional_staffs_regions(client, directory):
    OrganismeFactory(legal_name="Café de l'Estrie", region=region(ESTRIE))
    login_staff(client, regional_staff(MONTREAL))
    assert found(client, ORGANISMES, "cafe") == ["Café-rencontre du Plateau"]
