"""The staff list filtered on a region, a tier and a status reads its page newest first straight
from an index (application_region_tier_status ends with the list's order): no walk through every
region's newest applications, no sort."""

import json

import pytest
from django.db import connection

from applications.models import Application
from applications.models import ApplicationStatus as S
from tests.factories import region, tier
from tests.staff.factories import ESTRIE, MONTREAL, bulk_applications


@pytest.mark.django_db
def test_a_filtered_list_page_is_read_in_order_from_one_index():
    # More rows than a page in the filtered region, as in production: the page is the newest 50.
    bulk_applications(2000, status=S.IN_REVIEW, region_code=MONTREAL)
    bulk_applications(200, status=S.IN_REVIEW, region_code=ESTRIE, start=2000)
    page = Application.objects.filter(region=region(ESTRIE), tier=tier(), status=S.IN_REVIEW).order_by("-created_at", "-id")[:50]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE applications_application")
    plan = json.loads(page.explain(format="json"))[0]["Plan"]
    nodes = list(_nodes(plan))
    assert not any(node["Node Type"] == "Sort" for node in nodes)
    scans = [node for node in nodes if node.get("Relation Name") == "applications_application"]
    assert [scan.get("Index Name") for scan in scans] == ["application_region_tier_status"]
    assert "Filter" not in scans[0]  # region, tier and status are the index's conditions


def _nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)
