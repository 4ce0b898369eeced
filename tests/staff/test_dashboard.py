"""The program dashboard: figures against values computed by hand, the page and its PDF, and a
query count that stays the same for 10 and 1 000 applications."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import dashboard_pages as dashboard_pages_module
from applications.dashboard_pages import DashboardPage
from applications.models import ApplicationStatus as S
from applications.models import StatusChange
from applications.reporting import program_dashboard, waiting_applications
from tests.applications.pages import page
from tests.factories import ApplicationFactory, OrganismeFactory, region, tier
from tests.helpers import login_staff, pdf_text
from tests.staff.factories import (
    ESTRIE,
    MONTREAL,
    at,
    bulk_applications,
    regional_staff,
    signed_in_team,
    submitted_application,
)
from tests.trainings.factories import (
    CohortEnrolmentFactory,
    LabEnrolmentFactory,
    LeaderFactory,
    WebinarAttendanceFactory,
    WebinarRegistrationFactory,
)

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("admin:program_dashboard")


@pytest.fixture
def program_data():
    """A: registered (06). B: attended, amorçage awarded 4 000 $ in year 1 (06). C: a draft only (05).
    D: nothing (05). E: attended, amorçage submitted in year 2 (03). F: Nord Ouvert seat, accélération
    awarded 15 000 $ in year 2 (06). G: a leader in the lab, nothing else (06)."""
    montreal, estrie, quebec = region("06"), region("05"), region("03")
    a, b, c, d, e, f, g = (OrganismeFactory(region=r) for r in (montreal, montreal, estrie, estrie, quebec, montreal, montreal))
    WebinarRegistrationFactory(organisme=a)
    WebinarAttendanceFactory(organisme=b)
    WebinarAttendanceFactory(organisme=e)
    submitted_application("AMO-2026-0001", organisme=b, status=S.AWARDED, amount_requested=Decimal(4000),
                          amount_awarded=Decimal(4000), submitted_at=at(2026, 6, 1), decided_at=at(2026, 9, 1))
    ApplicationFactory(organisme=c, tier=tier("amorcage"))
    submitted_application("AMO-2027-0001", organisme=e, submitted_at=at(2027, 6, 15))
    CohortEnrolmentFactory(organisme=f)
    submitted_application("ACC-2027-0001", organisme=f, code="acceleration", status=S.AWARDED,
                          amount_requested=Decimal(15000), amount_awarded=Decimal(15000),
                          submitted_at=at(2027, 5, 1), decided_at=at(2027, 8, 1))
    LabEnrolmentFactory(leader=LeaderFactory(organisme=g))
    return locals()


def test_funnel_against_targets(program_data):
    funnel = {step.label: (step.value, step.target) for step in program_dashboard().funnel}
    assert funnel == {
        "Organismes rejoints": (5, 3000),  # A, B, C, E, F
        "Organismes présents à un webinaire": (2, None),  # B, E
        "Demandes amorçage soumises": (2, None),  # B, E (C is a draft)
        "Bourses amorçage": (1, 410),
        "Places en formation Nord Ouvert": (1, 180),
        "Bourses accélération": (1, 93),
        "Leaders au laboratoire": (1, 60),
        "Bourses innovation": (0, 7),
    }


def test_quota_and_budget_per_tier(program_data):
    usage = {u.tier.code: (u.awards, u.places_left, u.awarded_amount, u.budget_left) for u in program_dashboard().tiers}
    assert usage == {
        "amorcage": (1, 409, Decimal(4000), Decimal(2_046_000)),
        "acceleration": (1, 92, Decimal(15000), Decimal(1_845_000)),
        "innovation": (0, 7, Decimal(0), Decimal(525_000)),
    }


def test_breakdown_by_region_and_program_year(program_data):
    dashboard = program_dashboard()
    assert len(dashboard.regions) == 17
    regions = {row.region.code: (row.organismes, row.reached, row.submitted, row.awards, row.awarded_amount)
               for row in dashboard.regions}
    assert regions["06"] == (4, 3, 2, 2, Decimal(19000))
    assert regions["05"] == (2, 1, 0, 0, Decimal(0))
    assert regions["03"] == (1, 1, 1, 0, Decimal(0))
    assert regions["01"] == (0, 0, 0, 0, Decimal(0))
    years = [(row.year.number, row.submitted, row.awards, row.awarded_amount) for row in dashboard.years]
    assert years == [(1, 1, 1, Decimal(4000)), (2, 2, 1, Decimal(15000)), (3, 0, 0, Decimal(0))]


def test_applications_waiting_at_each_step_and_for_how_long():
    now = at(2027, 7, 15)
    for number, days_ago in (("AMO-1", 10), ("AMO-2", 4)):
        application = submitted_application(number, status=S.SCREENING, submitted_at=now - timedelta(days=30))
        change = StatusChange.objects.create(application=application, from_status=S.SUBMITTED, to_status=S.SCREENING)
        StatusChange.objects.filter(pk=change.pk).update(created_at=now - timedelta(days=days_ago))
    submitted_application("AMO-3", status=S.SCREENING, submitted_at=now - timedelta(days=20))  # no history: submission
    submitted_application("AMO-4", status=S.WAITLISTED, submitted_at=now - timedelta(days=2))
    rows = {row.status: (row.count, row.oldest, row.median) for row in waiting_applications(now)}
    assert rows[S.SCREENING] == (3, timedelta(days=20), timedelta(days=10))
    assert rows[S.WAITLISTED] == (1, timedelta(days=2), timedelta(days=2))
    assert rows[S.SUBMITTED] == (0, None, None)
    assert list(rows) == [S.SUBMITTED, S.SCREENING, S.ELIGIBLE, S.IN_REVIEW, S.WAITLISTED]


PAGES = ["portee", "volets", "regions", "annees", "files"]


def dashboard_page_url(slug):
    return DASHBOARD if slug == "portee" else reverse("admin:program_dashboard_page", args=[slug])


def test_short_pages_each_chart_followed_by_its_table_linked_from_the_admin_index(client, program_data):
    signed_in_team(client)
    assert DASHBOARD in client.get(reverse("admin:index")).content.decode()
    charts = {}
    for slug in PAGES:
        response = client.get(dashboard_page_url(slug))
        html = response.content.decode()
        charts[slug] = html.count('<figure class="chart')
        assert charts[slug] == html.count('<table class="dashboard-table">')
        # Every page links to every other; the current one says so.
        assert all(dashboard_page_url(other) in html for other in PAGES)
        nav = html.split('class="dashboard-nav"')[1].split("</nav>")[0]
        assert nav.count('aria-current="page"') == 1
    assert charts == {"portee": 1, "volets": 1, "regions": 2, "annees": 1, "files": 1}
    reach = client.get(DASHBOARD).content.decode()
    assert 'role="img"' in reach and "css/dashboard.css" in reach
    assert "5 / 3" in reach and "06 – Montréal" not in reach  # the reach page only
    assert "1 / 410 (0 %)" in client.get(dashboard_page_url("volets")).content.decode()
    assert "06 – Montréal" in client.get(dashboard_page_url("regions")).content.decode()
    assert client.get(reverse("admin:program_dashboard_page", args=["inconnue"])).status_code == 404
    # « Recalculer » comes back to the page it was pressed on.
    assert client.post(dashboard_page_url("annees"))["Location"] == dashboard_page_url("annees")


def test_the_region_by_tier_grid(client, program_data):
    signed_in_team(client)
    response = client.get(dashboard_page_url("regions"))
    rows = {row.region.code: row for row in response.context["dashboard"].regions}
    assert len(rows) == 17
    cells = {code: [(cell.code, cell.submitted, cell.awards, cell.awarded_amount) for cell in row.tiers]
             for code, row in rows.items() if row.reached or row.submitted}
    assert cells == {
        "06": [("amorcage", 1, 1, Decimal(4000)), ("acceleration", 1, 1, Decimal(15000)), ("innovation", 0, 0, 0)],
        "05": [("amorcage", 0, 0, 0), ("acceleration", 0, 0, 0), ("innovation", 0, 0, 0)],
        "03": [("amorcage", 1, 0, 0), ("acceleration", 0, 0, 0), ("innovation", 0, 0, 0)],
    }
    grid = response.context["charts"].grid
    assert len(grid.cells) == 17 * 10  # reach + 3 measures × 3 tiers, for every region
    montreal = [cell for cell in grid.cells if cell.y == grid.cells[10 * 5].y]  # 06 is the sixth region
    # Written values (readable without colour) and levels against each column's largest value.
    assert [cell.text for cell in montreal][:4] == ["3", "1", "1", "4\u00a0000\u00a0$"]
    assert montreal[0].level == 4 and montreal[7].level == 0
    html = response.content.decode()
    assert html.count("<rect") >= 170 and "15\u00a0000\u00a0$" in html
    assert "Régions par volet (données de la grille)" in html


def test_pdf_has_the_same_figures(client, program_data):
    signed_in_team(client)
    response = client.get(reverse("admin:program_dashboard_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Tableau de bord du programme" in text and "Organismes rejoints" in text and "Année 2" in text


def _dashboard_queries(client, url=DASHBOARD) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_dashboard_queries_are_the_same_for_10_and_1000_applications(client, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0  # every load computes the figures
    signed_in_team(client)
    bulk_applications(5)
    bulk_applications(5, status=S.AWARDED, start=5)
    client.get(DASHBOARD)
    small = _dashboard_queries(client)
    pages = {slug: _dashboard_queries(client, dashboard_page_url(slug)) for slug in PAGES}
    bulk_applications(495, start=10)
    bulk_applications(495, status=S.IN_REVIEW, start=505)
    bulk_applications(50, status=S.AWARDED, start=1000, region_code=ESTRIE)
    assert _dashboard_queries(client) == small
    assert {slug: _dashboard_queries(client, dashboard_page_url(slug)) for slug in PAGES} == pages
    assert small <= 15 and max(pages.values()) <= 15


def _reached_cell(html: str) -> str:
    return html.split('<th scope="row">Organismes rejoints</th><td class="num">')[1].split("<")[0]


def test_a_second_load_serves_the_cached_figures_until_recalculated(client, program_data):
    signed_in_team(client)
    first = client.get(DASHBOARD).content.decode()
    assert _reached_cell(first) == "5" and "chiffres au" in first
    computing = _dashboard_queries(client)  # served from the cache already
    WebinarRegistrationFactory(organisme=program_data["d"])  # D is reached from now on
    bulk_applications(200)

    with CaptureQueriesContext(connection) as cached_load:
        cached = client.get(DASHBOARD).content.decode()
    assert _reached_cell(cached) == "5"  # the figures of the first load
    assert len(cached_load) == computing
    assert not any("webinarregistration" in query["sql"] for query in cached_load.captured_queries)

    response = client.post(DASHBOARD)  # « Recalculer »
    assert response.status_code == 302 and response["Location"] == DASHBOARD
    assert _reached_cell(client.get(DASHBOARD).content.decode()) == "206"


def test_the_cache_lasts_dashboard_cache_seconds(client, program_data, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    signed_in_team(client)
    assert _reached_cell(client.get(DASHBOARD).content.decode()) == "5"
    WebinarRegistrationFactory(organisme=program_data["d"])
    assert _reached_cell(client.get(DASHBOARD).content.decode()) == "6"


def _figures(dashboard):
    return {
        "funnel": {step.label: (step.value, step.target) for step in dashboard.funnel},
        "tiers": {usage.tier.code: usage.awards for usage in dashboard.tiers},
        "regions": {row.region.code: (row.organismes, row.reached, row.submitted, row.awards, row.awarded_amount)
                    for row in dashboard.regions},
        "years": [(row.year.number, row.submitted, row.awards, row.awarded_amount) for row in dashboard.years],
        "waiting": {row.status: row.count for row in dashboard.waiting if row.count},
    }


def test_regional_staff_see_their_regions_figures_and_the_page_says_what_is_program_wide(client, program_data):
    """Estrie (05) gets an award and a waiting application beside program_data's Montréal ones."""
    estrie = OrganismeFactory(region=region(ESTRIE))
    submitted_application("AMO-2026-0501", organisme=estrie, status=S.AWARDED, amount_requested=Decimal(3000),
                          amount_awarded=Decimal(3000), submitted_at=at(2026, 7, 1), decided_at=at(2026, 9, 15))
    submitted_application("AMO-2026-0502", region_code=ESTRIE, status=S.SCREENING, submitted_at=at(2026, 7, 2))
    CohortEnrolmentFactory(organisme=estrie)

    login_staff(client, regional_staff(ESTRIE))
    response = client.get(dashboard_page_url("regions"))
    figures = _figures(response.context["dashboard"])
    assert figures["funnel"] == {
        "Organismes rejoints": (3, 3000),  # C, the awarded one, the screened one — against the program's target
        "Organismes présents à un webinaire": (0, None),
        "Demandes amorçage soumises": (2, None),
        "Bourses amorçage": (1, 410),
        "Places en formation Nord Ouvert": (1, 180),
        "Bourses accélération": (0, 93),
        "Leaders au laboratoire": (0, 60),
        "Bourses innovation": (0, 7),
    }
    assert figures["regions"] == {ESTRIE: (4, 3, 2, 1, Decimal(3000))}
    assert figures["years"] == [(1, 2, 1, Decimal(3000)), (2, 0, 0, Decimal(0)), (3, 0, 0, Decimal(0))]
    assert figures["waiting"] == {S.SCREENING: 1}
    # Quotas and envelopes are shared by every region: program-wide, and the page says so.
    assert figures["tiers"] == {"amorcage": 2, "acceleration": 1, "innovation": 0}
    html = page(response)
    assert "Chiffres de vos régions : 05 – Estrie." in html and "portent sur l'ensemble du programme" in html
    assert "06 – Montréal" not in html and "AMO-2026-0001" not in html
    assert len(response.context["charts"].grid.cells) == 10  # Estrie's row of the grid only
    assert "Quotas et budget par volet — ensemble du programme" in page(client.get(dashboard_page_url("volets")))

    # Centraide du Grand Montréal's staff (06, 13, 16), on the same cache, get their own figures.
    login_staff(client, regional_staff(MONTREAL))
    montreal = _figures(client.get(DASHBOARD).context["dashboard"])
    nothing = (0, 0, 0, 0, Decimal(0))
    assert montreal["regions"] == {MONTREAL: (4, 3, 2, 2, Decimal(19000)), "13": nothing, "16": nothing}
    assert montreal["funnel"]["Bourses amorçage"] == (1, 410) and montreal["funnel"]["Organismes rejoints"] == (3, 3000)


def test_the_team_sees_the_whole_program_without_a_scope_note(client, program_data):
    signed_in_team(client)
    response = client.get(DASHBOARD)
    assert len(response.context["dashboard"].regions) == 17
    assert "Chiffres de vos régions" not in response.content.decode()


def test_a_later_app_adds_a_page_with_its_own_figures(client, program_data, monkeypatch):
    """How grants will add « Après l'octroi »: a registered page, in the navigation and the PDF."""
    seen = []
    extra = DashboardPage(
        "apres-octroi", "Après l'octroi", "admin/dataide/dashboard/annees.html", order=60,
        context=lambda request, dashboard: seen.append(dashboard.program) or {"after_award": "ok"},
    )
    monkeypatch.setitem(dashboard_pages_module._PAGES, extra.slug, extra)
    signed_in_team(client)
    response = client.get(dashboard_page_url("apres-octroi"))
    assert response.status_code == 200 and response.context["after_award"] == "ok"
    assert [page.slug for page in response.context["dashboard_nav"]][-1] == "apres-octroi"
    assert dashboard_page_url("apres-octroi") in client.get(DASHBOARD).content.decode()
    seen.clear()
    assert client.get(reverse("admin:program_dashboard_pdf")).status_code == 200
    assert len(seen) == 1  # the PDF holds every page
