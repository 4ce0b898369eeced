"""The staff list unfiltered takes its count from the cache (a COUNT(*) over every application of
the person's scope otherwise), and the count stays true: an application created or deleted, or an
organisme moving to another region, counts at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application
from dataide.compiled import readable_sql
from organismes import services as organisme_services
from tests.factories import ApplicationFactory, MembershipFactory, region
from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, MONTREAL, bulk_applications, regional_staff, signed_in_team

LIST = reverse("admin:applications_application_changelist")

pytestmark = pytest.mark.django_db


def _count(client, query="") -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST + query)
    assert response.status_code == 200
    return response.context["cl"].result_count, [q["sql"] for q in queries.captured_queries]


def _counts_all(sql: list[str]) -> bool:
    """Whether one of the queries counts the applications (compiled SQL read back as its text)."""
    return any(
        readable_sql(text).startswith('SELECT COUNT(*) AS "__count" FROM "applications_application"') for text in sql
    )


def test_the_unfiltered_count_comes_from_the_cache_and_follows_creations_and_deletions(client):
    signed_in_team(client)
    first, *_others = [ApplicationFactory() for _ in range(3)]

    assert _count(client)[0] == 3
    count, sql = _count(client, "?p=1")
    assert count == 3 and not _counts_all(sql), "the second visit counts nothing"

    ApplicationFactory()
    assert _count(client)[0] == 4
    first.delete()
    assert _count(client)[0] == 3
    Application.objects.filter(pk=Application.objects.order_by("pk").last().pk).delete()  # a queryset's delete too
    assert _count(client)[0] == 2
    bulk_applications(5)  # a bulk insert sends no post_save
    assert _count(client)[0] == 7


def test_a_filtered_list_still_counts_each_time(client):
    signed_in_team(client)
    ApplicationFactory()
    _count(client)
    count, sql = _count(client, "?status__exact=draft")
    assert count == 1 and any("COUNT(*)" in text for text in sql)


def test_an_organisme_moving_region_moves_its_applications_between_the_regions_counts(client):
    estrie_staff = regional_staff(ESTRIE)
    login_staff(client, estrie_staff)
    responsible = MembershipFactory(organisme__region=region(MONTREAL))
    organisme = responsible.organisme
    ApplicationFactory(organisme=organisme)
    ApplicationFactory(organisme__region=region(ESTRIE))
    assert _count(client)[0] == 1

    organisme.region = region(ESTRIE)
    organisme_services.update_profile(actor=responsible.user, organisme=organisme, fields=["region"])
    assert _count(client)[0] == 2
