"""The organisme dashboard lists its deadlines with the days left: the closing date of each tier
open to it, and the due date of its final reports (« dans 12 jours », « aujourd'hui », « dépassée »)."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from dataide.formatting import days_left
from grants.models import Agreement
from portal.dashboard import deadlines_panel
from programs.models import GrantTier
from tests.applications.factories import eligible_organisme, open_gate
from tests.applications.pages import page
from tests.factories import OrganismeFactory
from tests.grants.factories import signed_quietly
from tests.helpers import same_markup
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db


def test_days_left_in_words():
    today = date(2026, 12, 1)
    assert days_left(date(2026, 12, 13), today) == "dans 12 jours"
    assert days_left(date(2026, 12, 2), today) == "demain"
    assert days_left(today, today) == "aujourd'hui"
    assert days_left(date(2026, 11, 30), today) == "dépassée"


def test_the_dashboard_shows_the_open_tiers_closing_date_and_the_report_due_date(client):
    today = timezone.localdate()
    organisme = eligible_organisme("amorcage")
    GrantTier.objects.filter(code="amorcage").update(window_opens_on=today - timedelta(days=30), window_closes_on=today + timedelta(days=12))
    GrantTier.objects.exclude(code="amorcage").update(window_opens_on=today - timedelta(days=30), window_closes_on=today + timedelta(days=5))
    application = signed_quietly(organisme, code="innovation")
    # Signed 13 months ago with a report due 12 months after: overdue.
    Agreement.objects.filter(application=application).update(signed_at=timezone.now() - timedelta(days=400))
    client.force_login(member_of(organisme))
    dashboard = page(client.get(reverse("organismes:dashboard")))
    assert "Vos échéances" in dashboard
    assert "Fermeture des demandes Amorçage" in dashboard and "dans 12 jours" in dashboard
    # Accélération's gate is closed to this organisme; innovation is already awarded.
    assert "Fermeture des demandes Accélération" not in dashboard
    assert f"Bilan de la demande {application.number}" in dashboard and "dépassée" in dashboard
    assert reverse("grants:report", args=[application.pk]) in dashboard


def test_no_deadline_no_panel(client):
    organisme = eligible_organisme("amorcage")
    GrantTier.objects.update(window_closes_on=timezone.localdate() - timedelta(days=1), window_opens_on=timezone.localdate() - timedelta(days=60))
    client.force_login(member_of(organisme))
    assert "Vos échéances" not in page(client.get(reverse("organismes:dashboard")))


REFERENCE = engines["django"].from_string((Path(__file__).parent / "deadlines_panel_reference.html").read_text())


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_the_panel_says_what_its_template_said(language):
    """Printed from Python (portal.dashboard.deadlines_html): a tier's closing date in 12 days,
    today and tomorrow, an overdue report, a name to escape; and nothing at all without deadlines."""
    today = timezone.localdate()
    organisme = eligible_organisme("amorcage")
    open_gate(organisme, "innovation")
    open_gate(organisme, "acceleration")
    for code, days in [("amorcage", 12), ("acceleration", 0), ("innovation", 1)]:
        GrantTier.objects.filter(code=code).update(
            window_opens_on=today - timedelta(days=30), window_closes_on=today + timedelta(days=days),
            name_fr=f"Volet <{code}> & co", name_en=f"Tier <{code}> & co",
        )
    application = signed_quietly(organisme, code="innovation")
    Agreement.objects.filter(application=application).update(signed_at=timezone.now() - timedelta(days=400))
    nothing = OrganismeFactory()  # every gate closed, no agreement
    for who, shown in [(organisme, 4), (nothing, 0)]:
        with translation.override(language):
            request = RequestFactory().get("/")
            _template, panel = deadlines_panel(request, who, None)
            reference = REFERENCE.render({"panel": panel})
        assert same_markup(panel["html"]) == same_markup(reference) and len(panel["deadlines"]) == shown
        if shown:
            assert "&lt;amorcage&gt; &amp; co" in panel["html"] and panel["html"].count("text-danger") == 1
    assert panel["html"] == ""
