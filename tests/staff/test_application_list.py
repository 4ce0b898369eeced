"""The applications list: every filter, the search, sorting, and a query count that does not
grow with the number of applications."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import ApplicationStatus as S
from committees.models import Assignment
from tests.committees.factories import CommitteeFactory
from tests.factories import MembershipFactory, OrganismeFactory, UserFactory, region, tier
from tests.staff.factories import at, bulk_applications, signed_in_team, submitted_application

pytestmark = pytest.mark.django_db
LIST = reverse("admin:applications_application_changelist")


@pytest.fixture
def three():
    """AMO in Montréal (year 1, 800 $), ACC in Estrie (year 2, 15 000 $, assigned to a committee),
    INN in Québec (year 3, 60 000 $, awarded)."""
    montreal = OrganismeFactory(legal_name="Maison des jeunes de la Rivière", neq="1234567890", region=region("06"))
    MembershipFactory(organisme=montreal, user=UserFactory(email="marie@riviere.org"))
    amo = submitted_application("AMO-2026-0001", organisme=montreal, amount_requested=Decimal(800),
                                submitted_at=at(2026, 6, 1))
    acc = submitted_application("ACC-2027-0001", region_code="05", code="acceleration", status=S.ELIGIBLE,
                                amount_requested=Decimal(15000), submitted_at=at(2027, 6, 1))
    committee = CommitteeFactory(region=region("05"), tiers=[tier("acceleration")])
    Assignment.objects.create(committee=committee, application=acc)
    CommitteeFactory(seated=False)  # the filter shows once there is a choice to make
    inn = submitted_application("INN-2028-0001", region_code="03", code="innovation", status=S.AWARDED,
                                amount_requested=Decimal(60000), amount_awarded=Decimal(50000),
                                submitted_at=at(2028, 6, 1))
    return {"amo": amo, "acc": acc, "inn": inn, "committee": committee}


def listed(client, **params) -> set[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200, response.content[:500]
    return {application.number for application in response.context["cl"].result_list}


def test_each_filter_keeps_only_the_matching_applications(client, three):
    signed_in_team(client)
    assert listed(client) == {"AMO-2026-0001", "ACC-2027-0001", "INN-2028-0001"}
    assert listed(client, tier__id__exact=tier("acceleration").pk) == {"ACC-2027-0001"}
    assert listed(client, status__exact=S.SUBMITTED) == {"AMO-2026-0001"}
    assert listed(client, etape="bourses") == {"INN-2028-0001"}
    assert listed(client, etape="en_attente") == {"AMO-2026-0001", "ACC-2027-0001"}
    assert listed(client, region__id__exact=region("03").pk) == {"INN-2028-0001"}
    assert listed(client, committee_assignment__committee__id__exact=three["committee"].pk) == {"ACC-2027-0001"}
    assert listed(client, annee="1") == {"AMO-2026-0001"}
    assert listed(client, annee="2") == {"ACC-2027-0001"}
    assert listed(client, annee="3") == {"INN-2028-0001"}
    assert listed(client, montant="0-1000") == {"AMO-2026-0001"}
    assert listed(client, montant="5000-20000") == {"ACC-2027-0001"}
    assert listed(client, montant="20000-") == {"INN-2028-0001"}
    assert listed(client, montant="1000-5000") == set()


def test_search_finds_by_name_neq_number_and_member_email(client, three):
    signed_in_team(client)
    assert listed(client, q="Rivière") == {"AMO-2026-0001"}
    assert listed(client, q="1234567890") == {"AMO-2026-0001"}
    assert listed(client, q="ACC-2027") == {"ACC-2027-0001"}
    assert listed(client, q="marie@riviere.org") == {"AMO-2026-0001"}


def test_columns_sort(client, three):
    signed_in_team(client)
    page = client.get(LIST)
    cl = page.context["cl"]
    # Every column but the checkbox can be sorted: number, organisme, region, tier, status, amounts, date.
    assert len(cl.list_display) - 1 == 8
    response = client.get(LIST, {"o": "3"})  # region, ascending: Québec (03), Estrie (05), Montréal (06)
    assert [a.number for a in response.context["cl"].result_list] == ["INN-2028-0001", "ACC-2027-0001", "AMO-2026-0001"]
    response = client.get(LIST, {"o": "-6"})  # amount requested, descending
    assert [a.number for a in response.context["cl"].result_list] == ["INN-2028-0001", "ACC-2027-0001", "AMO-2026-0001"]


def _list_queries(client, params=None, url=LIST) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_list_queries_are_the_same_for_10_and_1000_applications(client):
    signed_in_team(client)
    bulk_applications(10)
    client.get(LIST)  # warm the content-type and session caches
    small = _list_queries(client)
    small_filtered = _list_queries(client, {"etape": "en_attente", "montant": "1000-5000"})
    bulk_applications(990, start=10)
    client.get(LIST)  # the insert forgot the list's cached count: counted again once
    assert _list_queries(client) == small
    assert _list_queries(client, {"etape": "en_attente", "montant": "1000-5000"}) == small_filtered
    assert small <= 20


def test_organisme_list_queries_are_the_same_for_10_and_1000_organismes(client):
    signed_in_team(client)
    url = reverse("admin:organismes_organisme_changelist")
    bulk_applications(10)
    client.get(url)
    small = _list_queries(client, url=url)
    bulk_applications(990, start=10)
    assert _list_queries(client, url=url) == small


def test_row_links_keep_the_lists_filters(client, three):
    """The rows link to each application with the list's filters (to come back to the same list),
    as Django's own links do, without resolving each row's URL again."""
    signed_in_team(client)
    change = reverse("admin:applications_application_change", args=[three["amo"].pk])
    page = client.get(LIST).content.decode()
    assert f'href="{change}"' in page
    page = client.get(LIST, {"region__id__exact": region("06").pk}).content.decode()
    assert f'href="{change}?_changelist_filters=region__id__exact%3D{region("06").pk}"' in page


def test_each_rows_checkbox_is_djangos_own(client, three):
    """The list formats the rows' checkboxes itself (applications.admin): the same HTML as
    Django's widget, draft (its name has the organisme's « & ») and numbered alike."""
    from django.contrib import admin
    from django.contrib.admin import ModelAdmin

    from applications.models import Application

    draft = submitted_application(None, organisme=OrganismeFactory(legal_name="Café & <Co>"), status=S.DRAFT)
    model_admin = admin.site._registry[Application]
    for application in (three["amo"], draft):
        assert model_admin.action_checkbox(application) == ModelAdmin.action_checkbox(model_admin, application)
    assert f'value="{draft.pk}" class="action-select"' in signed_in_team(client).get(LIST).content.decode()
