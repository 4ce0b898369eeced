"""The DATAide team's morning in a real browser: the staff home with every queue holding work
(each panel photographed), an application's page with its summary and its neighbour in the
queue, then the dashboard's pages with the region × tier grid. axe-core checks every page."""

import pytest
from django.urls import reverse

from tests.applications.factories import AttachmentFactory
from tests.browser.journey import sign_in
from tests.factories import DEFAULT_PASSWORD, StaffUserFactory
from tests.helpers import enable_totp
from tests.workspace.data import build_program_at_work

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PANELS = [
    "to_screen", "questions_to_answer", "to_assign_panel", "committees_panel", "to_decide_panel", "waiting_lists",
    "imports_to_do", "training_selections", "failed_messages_panel", "privacy_requests",
]


def test_the_team_goes_from_its_queues_to_an_application_and_the_dashboard(live_server, people):
    data = build_program_at_work()
    AttachmentFactory(application=data["old"], original_name="devis.pdf")
    staff = StaffUserFactory()
    base = live_server.url
    person = people()
    person.base = base
    sign_in(person, base, "fr", staff.email, DEFAULT_PASSWORD, "equipe", enable_totp(staff))

    person.goto(base + reverse("admin:index"), "accueil-equipe")
    page = person.page
    for key in PANELS:
        panel = page.locator(f"#file-{key}")
        assert panel.locator(".work-items li").count() >= 1, f"the panel {key} shows no item"
        panel.screenshot(path=person.shots / f"panneau-{key}.png")

    person.click("#file-to_screen .work-items li:first-child a", "demande-en-bref")
    summary = page.locator(".application-summary")
    assert "AMO-2026-0001" in page.title()
    for label in ["Organisme", "Volet", "Montant demandé", "Statut", "Comité", "Prochaine action"]:
        assert summary.locator("dt", has_text=label).count() == 1
    assert summary.locator("a", has_text="Télécharger tous les documents (ZIP)").count() == 1
    person.click(".queue-nav a >> nth=0", "demande-voisine")
    assert page.locator(".application-summary").count() == 1

    person.goto(base + reverse("admin:program_dashboard"), "tableau-de-bord-portee")
    person.click(".dashboard-nav a[href$='/regions/']", "tableau-de-bord-regions")
    assert page.locator("figure.heat-map svg rect").count() >= 17 * 10
    page.locator("#titre-grille").locator("..").screenshot(path=person.shots / "grille-regions-volets.png")
    person.click(".dashboard-nav a[href$='/files/']", "tableau-de-bord-files")

    assert not person.violations, "axe-core (serious/critical):\n" + "\n".join(person.violations)
