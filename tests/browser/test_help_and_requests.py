"""The pages that keep an organisme from being alone with the form, in the browser, axe-checked,
at desktop and at phone width (375 px): the help pages, the public webinar calendar, and an
application whose steps were partly reopened by « Complément d'information demandé »."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applications.info_requests import services as info_requests
from applications.models import ApplicationStatus
from tests.applications.factories import complete_draft, eligible_organisme
from tests.browser.journey import PREFIX, sign_in
from tests.factories import DEFAULT_PASSWORD, StaffUserFactory
from tests.organismes.factories import member_of
from tests.trainings.factories import WebinarSessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
WIDTHS = {"bureau": None, "telephone": PHONE}


def _fits(person, url, step):
    person.goto(url, step)
    width, screen = person.page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width <= screen, f"{url} is {width} px wide on {screen} px"


@pytest.mark.parametrize("width", WIDTHS)
def test_visitors_read_the_help_and_the_calendar(live_server, people, width):
    WebinarSessionFactory(title="Le numérique sans stress", starts_at=timezone.now() + timedelta(days=9))
    base, prefix = live_server.url, PREFIX["fr"]
    visitor = people()
    if WIDTHS[width]:
        visitor.page.set_viewport_size(WIDTHS[width])
    _fits(visitor, f"{base}{prefix}/aide/", f"{width}-aide")
    visitor.click("text=Comment préparer sa demande", f"{width}-guide")
    assert visitor.page.locator("h2#budget").is_visible()
    _fits(visitor, f"{base}{prefix}/aide/glossaire/", f"{width}-glossaire")
    _fits(visitor, f"{base}/en/help/faq-seed/", f"{width}-faq-en")
    _fits(visitor, f"{base}{prefix}/formations/calendrier/", f"{width}-calendrier")
    assert "places restantes" in visitor.page.inner_text("main")
    visitor.click("main a:has-text('J\\'ai déjà un compte')", f"{width}-calendrier-connexion")
    assert "/comptes/login/" in visitor.page.url
    assert not visitor.violations


@pytest.mark.parametrize("width", WIDTHS)
def test_the_organisme_completes_only_the_reopened_step(live_server, people, width):
    organisme = eligible_organisme()
    applicant = member_of(organisme)
    application = complete_draft(organisme, status=ApplicationStatus.SCREENING, number="AMO-2026-0777")
    info_requests.request_information(
        actor=StaffUserFactory(), application=application, message="Joignez le devis du fournisseur.",
        step_slugs=["documents"], due_on=timezone.localdate() + timedelta(days=10),
    )
    base, prefix = live_server.url, PREFIX["fr"]
    person = people()
    if WIDTHS[width]:
        person.page.set_viewport_size(WIDTHS[width])
    sign_in(person, base, "fr", applicant.email, DEFAULT_PASSWORD, f"{width}-complement")
    _fits(person, f"{base}{prefix}/demandes/{application.pk}/", f"{width}-complement-demande")
    assert "Joignez le devis du fournisseur." in person.page.inner_text("[data-testid=info-request]")
    person.click("[data-testid=info-request] a:has-text('Documents')", f"{width}-complement-documents")
    assert person.page.locator("[data-testid=frozen-step]").count() == 3
    _fits(person, f"{base}{prefix}/demandes/{application.pk}/etape/besoin/", f"{width}-complement-fermee")
    assert "n'est pas rouverte" in person.page.inner_text("main")
    _fits(person, f"{base}{prefix}/demandes/{application.pk}/revision/", f"{width}-complement-revision")
    person.page.check("#attestation")
    person.click("main form button:has-text('Soumettre de nouveau')", f"{width}-complement-envoye")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SCREENING
    assert not person.violations
