"""At phone width (390 px) the navbar folds behind its toggler and no page is wider than the
screen: the dashboard, the budget step, the team page and a committee member's scorecard."""

import pytest

from applications.models import ApplicationStatus
from tests.applications.factories import complete_draft, open_gate
from tests.browser.journey import PREFIX, sign_in
from tests.committees.factories import CommitteeFactory, declare, members
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, OrganismeFactory, tier
from tests.helpers import enable_totp
from tests.organismes.factories import member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# What sticks out past the right edge, deepest elements last, to name in a failure.
OVERFLOWING = (
    "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
    ".slice(-4).map(e => e.tagName.toLowerCase() + '.' + e.className)"
)


def _fits_the_screen(person, url, step):
    person.goto(url, step)
    width, screen = person.page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width <= screen, f"{url} is {width} px wide on {screen} px: {person.page.evaluate(OVERFLOWING)}"


def test_pages_fit_a_phone_and_the_menu_opens(live_server, people):
    organisme = OrganismeFactory(legal_name="Maison de quartier Hochelaga-Maisonneuve")
    open_gate(organisme)
    applicant = member_of(organisme, email="direction@maisonhochelaga.org")
    member_of(organisme, full_name="Marie-Ève Tremblay-Lachance", email="coordination.benevoles@maisonhochelaga.org")
    draft = complete_draft(organisme)
    MembershipFactory(user=applicant, organisme=OrganismeFactory())  # the navbar offers the switcher
    committee = CommitteeFactory(region=organisme.region, tiers=[tier("amorcage")])
    assignment = committee.assignments.create(application=complete_draft(
        OrganismeFactory(region=committee.region), status=ApplicationStatus.IN_REVIEW,
    ))
    scorer = members(committee)[0]
    declare(assignment, scorer)

    base, prefix = live_server.url, PREFIX["fr"]
    person = people()
    person.page.set_viewport_size(PHONE)
    sign_in(person, base, "fr", applicant.email, DEFAULT_PASSWORD, "telephone")
    toggler, menu = person.page.locator("[data-navbar-toggler]"), person.page.locator("#menu-principal")
    assert toggler.is_visible() and not menu.is_visible()
    toggler.click()
    assert menu.is_visible() and toggler.get_attribute("aria-expanded") == "true"
    assert person.page.locator("#organisme-actif summary").is_visible()

    _fits_the_screen(person, f"{base}{prefix}/organisme/", "telephone-tableau-de-bord")
    _fits_the_screen(person, f"{base}{prefix}/demandes/{draft.pk}/etape/budget/", "telephone-budget")
    _fits_the_screen(person, f"{base}{prefix}/organisme/equipe/", "telephone-equipe")

    committee_person = people()
    committee_person.page.set_viewport_size(PHONE)
    sign_in(committee_person, base, "fr", scorer.email, DEFAULT_PASSWORD, "telephone-membre", enable_totp(scorer))
    _fits_the_screen(committee_person, f"{base}{prefix}/comite/demandes/{assignment.application_id}/", "telephone-grille")
    assert not person.violations + committee_person.violations
