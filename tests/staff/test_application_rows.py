"""The applications list prints its rows from Python strings (applications.admin_rows): the page
must be exactly the one Django's own rows make, in both languages, filtered or not, with drafts
(no number, no amounts), cents and accents that need escaping."""

import functools
from decimal import Decimal

import pytest
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.views.main import ChangeList
from django.urls import reverse
from django.utils import translation

from applications import admin_rows
from applications.models import ApplicationStatus as S
from tests.factories import ApplicationFactory, OrganismeFactory, region, tier
from tests.staff.factories import at, signed_in_team, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    submitted_application("AMO-2026-0001", amount_requested=Decimal("4999.50"), submitted_at=at(2026, 6, 1))
    submitted_application(
        "INN-2028-0001", region_code="03", code="innovation", status=S.AWARDED,
        amount_requested=Decimal(60000), amount_awarded=Decimal(50000), submitted_at=at(2028, 6, 1),
        organisme=OrganismeFactory(legal_name="L'Œuvre <des> \"Jeunes\" & Cie", region=region("03")),
    )
    ApplicationFactory(tier=tier("amorcage"), number="", amount_requested=Decimal(0), submitted_at=None)


def table(client, params) -> str:
    response = client.get(reverse("admin:applications_application_changelist"), params)
    page = response.content.decode()
    start = page.index('<table id="result_list">')
    return page[start:page.index("</table>", start)]


def djangos_table(client, params):
    """The table as Django's own rows print it."""
    ours = admin_rows._rows
    admin_rows._rows = lambda cl: None
    try:
        return table(client, params)
    finally:
        admin_rows._rows = ours


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("params", [{}, {"status__exact": S.AWARDED, "region__id__exact": "x"}, {"o": "-5"}])
def test_the_rows_are_the_ones_django_prints(client, rows, language, params):
    signed_in_team(client)
    if "region__id__exact" in params:
        params = {**params, "region__id__exact": region("03").pk}
    with translation.override(language):  # the list's address in that language
        ours = table(client, params)
        cl = client.get(reverse("admin:applications_application_changelist"), params).context["cl"]
        assert admin_rows._rows(cl) is not None  # these rows are printed here, not by Django
        assert ours.count('<tr><td class="action-checkbox">') == (1 if params.get("status__exact") else 3)
        assert ("50\u00a0000\u00a0$" if language == "fr" else "$50,000") in ours
        assert ours == djangos_table(client, params)


def test_djangos_rows_are_used_for_what_ours_do_not_know(rf):
    class Popup:
        list_display_links = ["number_or_draft"]
        formset = None
        is_popup = True

    assert admin_rows._rows(Popup()) is None


def nav(page: str) -> str:
    start = page.index('<nav id="changelist-filter"')
    return page[start:page.index("</nav>", start)]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("params", [{}, {"status__exact": S.AWARDED, "tier__id__exact": "x"}, {"_facets": "True"}])
def test_the_filters_are_the_ones_django_prints(client, rows, language, params):
    """The filters (application_list_filter, the block copied from Django's change_list.html)
    print what Django's own template and admin_list_filter print."""
    from django.template.loader import get_template

    from applications.templatetags.application_list import application_list_filter

    signed_in_team(client)
    if "tier__id__exact" in params:
        params = {**params, "tier__id__exact": tier("amorcage").pk}
    with translation.override(language):
        response = client.get(reverse("admin:applications_application_changelist"), params)
        cl = response.context["cl"]
        for spec in cl.filter_specs:
            assert application_list_filter(cl, spec) == admin_list.admin_list_filter(cl, spec)
        addresses = [choice["query_string"] for spec in cl.filter_specs for choice in spec.choices(cl)]
        cl.get_query_string = functools.partial(ChangeList.get_query_string, cl)  # Django's own
        assert addresses == [choice["query_string"] for spec in cl.filter_specs for choice in spec.choices(cl)]
        assert len(set(addresses)) > 10
        djangos = get_template("admin/change_list.html").render(response.context_data, response.wsgi_request)
        ours = nav(response.content.decode())
        assert ours == nav(djangos)
        assert ('class="selected"' in ours) and (("Filtre" if language == "fr" else "Filter") in ours)
