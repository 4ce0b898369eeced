"""The region filters of the region-scoped admin lists (programs.admin_scoping.RegionListFilter)
name only the regions the person follows: the team is offered the 17 regions, as Django offers
them; a regional person their own, and nothing when they follow a single region (one choice
is no choice: the filter is not shown). Forcing another region in the address shows none of its
rows either way."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from dataide.accounts.roles import Role
from programs.admin_scoping import RegionListFilter
from programs.models import Region
from tests.committees.factories import CommitteeFactory
from tests.factories import StaffUserFactory, region
from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, MONTREAL, bulk_applications, regional_staff, submitted_application
from tests.trainings.factories import WebinarAttendanceFactory

pytestmark = pytest.mark.django_db

# Every region-scoped list with a filter by region: (its model's admin name, the filter's path).
LISTS = [
    ("applications_application", "region"),
    ("organismes_organisme", "region"),
    ("committees_committee", "region"),
    ("trainings_webinarattendance", "organisme__region"),
]
# The regions of Centraide du Grand Montréal, the office regional_staff(MONTREAL) joins.
GRAND_MONTREAL = ["06", "13", "16"]


def people():
    return {
        "team": StaffUserFactory,
        "estrie": lambda: regional_staff(ESTRIE),
        "grand_montreal": lambda: regional_staff(MONTREAL),
        "no_office": lambda: StaffUserFactory(roles=[Role.REGIONAL_CENTRAIDE]),
    }


@pytest.fixture
def rows():
    """An application (so an organisme), a committee and a webinar attendance in Estrie and in Montréal."""
    made = {}
    for code in (ESTRIE, MONTREAL):
        application = submitted_application(f"AMO-2026-{code}01", region_code=code)
        CommitteeFactory(region=region(code), name=f"Comité {code}")
        WebinarAttendanceFactory(organisme=application.organisme)
        made[code] = application
    return made


def changelist(client, name, params=None):
    response = client.get(reverse(f"admin:{name}_changelist"), params or {})
    assert response.status_code == 200
    return response


def region_spec(response, path):
    """The list's region filter, built whether or not the list shows it."""
    cl = response.context["cl"]
    field = get_fields_from_path(cl.model, path)[-1]
    return RegionListFilter(field, response.wsgi_request, {}, cl.model, cl.model_admin, path)


def shown_region_filter(response, path):
    specs = [spec for spec in response.context["cl"].filter_specs if getattr(spec, "field_path", None) == path]
    assert len(specs) <= 1
    return specs[0] if specs else None


def codes(choices) -> list[str]:
    names = dict(Region.objects.values_list("pk", "code"))
    return [names[pk] for pk, _ in choices]


@pytest.mark.parametrize(("name", "path"), LISTS)
@pytest.mark.parametrize("who", ["team", "estrie", "grand_montreal", "no_office"])
def test_the_region_choices_are_the_regions_of_the_person(client, rows, name, path, who):
    login_staff(client, people()[who]())
    with translation.override("fr-ca"):
        response = changelist(client, name)
        spec = region_spec(response, path)
        expected = {
            "team": sorted(Region.objects.values_list("code", flat=True)), "estrie": [ESTRIE],
            "grand_montreal": GRAND_MONTREAL, "no_office": [],
        }[who]
        assert codes(spec.lookup_choices) == expected
        # The team's are Django's own, in the same order and words.
        if who == "team":
            assert len(spec.lookup_choices) == 17
            assert spec.lookup_choices == admin.RelatedFieldListFilter.field_choices(
                spec, spec.field, response.wsgi_request, response.context["cl"].model_admin
            )
        # One region or none: nothing to choose, no filter.
        assert (shown_region_filter(response, path) is not None) == (len(expected) > 1)
        # The page names no region the person does not follow (Estrie's rows name theirs).
        page = response.content.decode()
        for code, region_name in Region.objects.values_list("code", "name"):
            if code not in expected:
                assert f"{code} – {region_name}" not in page


def test_the_estrie_staffs_page_has_no_region_filter_and_the_teams_all_17(client, rows):
    login_staff(client, regional_staff(ESTRIE))
    with translation.override("fr-ca"):
        estrie = changelist(client, "applications_application").content.decode()
        client.logout()
        login_staff(client, StaffUserFactory())
        team = changelist(client, "applications_application").content.decode()
    assert 'data-filter-title="région"' in team and 'data-filter-title="région"' not in estrie
    for pk in Region.objects.values_list("pk", flat=True):
        assert f"?region__id__exact={pk}\"" in team
        assert f"region__id__exact={pk}" not in estrie


def listed_regions(response) -> set[str]:
    cl = response.context["cl"]
    lookup = cl.model_admin.region_lookup
    return set(cl.model._default_manager.filter(pk__in=[row.pk for row in cl.result_list]).values_list(f"{lookup}__code", flat=True))


@pytest.mark.parametrize(("name", "path"), LISTS)
@pytest.mark.parametrize(("who", "forced"), [("estrie", MONTREAL), ("grand_montreal", ESTRIE), ("estrie", ESTRIE)])
def test_another_region_forced_in_the_address_shows_none_of_its_rows(client, rows, name, path, who, forced):
    login_staff(client, people()[who]())
    followed = {"estrie": {ESTRIE}, "grand_montreal": set(GRAND_MONTREAL)}[who]
    response = changelist(client, name, {f"{path}__id__exact": region(forced).pk})
    assert listed_regions(response) <= followed
    if forced in followed:
        assert listed_regions(response) == {forced}



def _list_queries(client, params=None) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        changelist(client, "applications_application", params)
    return [query["sql"] for query in queries]


@pytest.mark.parametrize("who", ["team", "grand_montreal"])
def test_the_list_queries_are_the_same_for_10_and_1000_applications_whoever_reads_it(client, who):
    """The person's regions are read once per request (by the list's scoping, then its filter):
    the filter reads no more than it did, however many applications."""
    login_staff(client, people()[who]())
    bulk_applications(10)
    changelist(client, "applications_application")  # warm the content-type and session caches
    small = _list_queries(client)
    forced = _list_queries(client, {"region__id__exact": region(ESTRIE).pk})
    bulk_applications(990, start=10)
    changelist(client, "applications_application")  # the insert forgot the list's cached count: counted again once
    assert len(_list_queries(client)) == len(small) <= 15
    assert len(_list_queries(client, {"region__id__exact": region(ESTRIE).pk})) == len(forced) <= 15
    assert sum("programs_region" in sql for sql in small) == 1 + (who != "team")  # the filter's choices; the person's regions
