"""The dashboard's applications panel is printed from Python (applications.cards): it must say what
its former template (dashboard_panel_reference.html) said, in both languages, for organismes in
every state (may apply, gate closed, an open application, an award, several reasons at once, no
application at all) with titles and names to escape and amounts with cents."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from applications.cards import dashboard_panel_html
from applications.display import applicant_status, next_step
from applications.eligibility import eligibility_for_all_tiers
from applications.models import ApplicationStatus
from applications.selectors import applications_of
from programs.models import GrantTier
from tests.applications.factories import eligible_organisme, open_gate
from tests.factories import ApplicationFactory, OrganismeFactory, tier
from tests.helpers import same_markup, without_csrf
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db
REFERENCE = engines["django"].from_string((Path(__file__).parent / "dashboard_panel_reference.html").read_text())


def _organismes() -> list:
    nothing = OrganismeFactory()  # every gate closed, no application
    may_apply = eligible_organisme()
    open_gate(may_apply, "innovation")
    busy = eligible_organisme()
    ApplicationFactory(organisme=busy, tier=tier("amorcage"), status=ApplicationStatus.SUBMITTED, title='Données <ouvertes> & « libres »')
    ApplicationFactory(organisme=busy, tier=tier("innovation"), status=ApplicationStatus.DRAFT, number="", title="")
    awarded = eligible_organisme("acceleration")
    ApplicationFactory(
        organisme=awarded, tier=tier("acceleration"), status=ApplicationStatus.AWARDED,
        amount_requested=Decimal("12345.67"), amount_awarded=Decimal("12000"),
    )
    ApplicationFactory(organisme=awarded, tier=tier("amorcage"), status=ApplicationStatus.SUBMITTED, amount_requested=Decimal("4999.5"))
    return [nothing, may_apply, busy, awarded]


def _panel(organisme) -> dict:
    applications = list(applications_of(organisme))
    for application in applications:
        application.applicant_status = applicant_status(application.status)
        application.next_step = next_step(application.status)
    return {"eligibilities": eligibility_for_all_tiers(organisme), "applications": applications}


def _request():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = "a" * 32
    return request


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_the_panel_says_what_its_template_said(language):
    organismes = _organismes()
    # Several reasons at once on one tier: its window closed and its quota met.
    GrantTier.objects.filter(code="innovation").update(window_closes_on=timezone.localdate() - timedelta(days=1), quota=0)
    states, printed_all = set(), ""
    for organisme in organismes:
        with translation.override(language):
            panel = _panel(organisme)
            request = _request()
            printed = without_csrf(str(dashboard_panel_html(request, panel["eligibilities"], panel["applications"])))
            reference = without_csrf(REFERENCE.render({"panel": panel}, request))
        assert same_markup(printed) == same_markup(reference)
        printed_all += printed
        states |= {(answer.may_apply, bool(answer.open_application), len(answer.reasons) > 1) for answer in panel["eligibilities"]}
    assert {(True, False, False), (False, True, False), (False, False, True)} <= states
    assert "Données &lt;ouvertes&gt; &amp; « libres »" in printed_all and "345,67" in printed_all or language == "en"


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_the_dashboard_shows_the_printed_panel(client, language):
    organisme = _organismes()[2]
    client.force_login(member_of(organisme))
    with translation.override(language):
        response = client.get(reverse("organismes:dashboard"))
        panel = _panel(organisme)
        reference = without_csrf(REFERENCE.render({"panel": panel}, _request()))
    assert response.status_code == 200
    assert same_markup(reference) in same_markup(without_csrf(response.content.decode()))
