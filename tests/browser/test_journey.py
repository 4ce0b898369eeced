"""The whole journey in a real browser, in French and in English: an organisme signs up and
applies, staff record its webinar, the committee scores, staff award, the organisme downloads its
award letter. axe-core checks every page; applicant pages are weighed; the application form is
filled with the keyboard only; a second test fills it with JavaScript turned off."""

import json
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from applications.models import Application, ApplicationStatus
from organismes.models import Organisme
from tests.applications.factories import open_gate
from tests.browser.conftest import ARTIFACTS, PAGE_WEIGHT_LIMIT
from tests.browser.journey import (
    PASSWORD,
    PREFIX,
    build_program_stage,
    screen_and_assign,
    sign_in,
    small_pdf,
    tab_to,
    verification_link,
)
from tests.committees.factories import members, scorecard
from tests.factories import DEFAULT_PASSWORD, OrganismeFactory, region, tier
from tests.organismes.factories import member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATUS = {
    "fr": {"received": "Reçue", "awarded": "Acceptée"},
    "en": {"received": "Received", "awarded": "Accepted"},
}
FORM_LANGUAGE = {"fr": "fr-ca", "en": "en"}


def _keyboard_type(page, selector: str, text: str):
    tab_to(page, selector)
    page.keyboard.type(text)


def _keyboard_press_button(person, selector: str, step: str):
    """Reach a submit button with Tab and press Enter: a new page loads."""
    tab_to(person.page, selector)
    with person.page.expect_navigation():
        person.page.keyboard.press("Enter")
    person.loaded(step)


def _sign_up_and_create_organisme(person, base, lang, email):
    prefix = PREFIX[lang]
    person.goto(f"{base}{prefix}/", "accueil")
    person.click("header a[href$='/comptes/signup/']", "inscription")
    person.page.fill("main input[name=email]", email)
    person.page.fill("main input[name=password1]", PASSWORD)
    person.page.fill("main input[name=password2]", PASSWORD)
    person.click("main form button[type=submit]", "courriel-envoye")

    link = verification_link(email)
    assert f"{prefix}/comptes/confirm-email/" in link
    person.goto(base + urlsplit(link).path, "confirmer-courriel")
    person.click("main form button[type=submit]", "courriel-confirme")

    sign_in(person, base, lang, email, PASSWORD, "organisme")
    assert person.page.url.endswith(f"{prefix}/organisme/commencer/")
    person.click(f"main a[href='{prefix}/organisme/inscrire/']", "inscrire-organisme")
    page = person.page
    page.fill("#id_legal_name", "Maison de quartier Hochelaga")
    page.fill("#id_neq", "1140 000 000")
    page.select_option("#id_region", str(region().pk))
    page.fill("#id_street_address", "1000, rue Ontario Est")
    page.fill("#id_city", "Montréal")
    page.fill("#id_postal_code", "H1W 1A1")
    page.fill("#id_staff_count", "4")
    page.fill("#id_volunteer_count", "20")
    page.fill("#id_mission", "Un milieu de vie pour les familles du quartier.")
    page.select_option("#id_preferred_language", FORM_LANGUAGE[lang])
    person.click("main form button[type=submit]", "tableau-de-bord")
    return Organisme.objects.get(neq="1140000000")


def _fill_application_with_the_keyboard(person, base, lang, pdf_path):
    """Besoin, projet, budget with Tab and Enter only; then leave, come back, find the draft."""
    prefix, page = PREFIX[lang], person.page
    person.click("main form[action$='/demandes/nouvelle/'] button", "etape-besoin")
    application = Application.objects.get()

    _keyboard_type(page, "#id_title", "Des portables pour l'accueil")
    _keyboard_type(page, "#id_need", "Nos postes ont dix ans et ne démarrent plus.")
    _keyboard_press_button(person, "button[name=action][value=next]", "etape-projet")
    _keyboard_type(page, "#id_project_summary", "Acheter deux portables et des licences.")
    _keyboard_type(page, "#id_expected_results", "Inscriptions en ligne des familles.")
    _keyboard_type(page, "#id_timeline", "Printemps 2027.")
    _keyboard_type(page, "#id_public_summary", "Deux portables pour l'accueil des familles.")
    _keyboard_press_button(person, "button[name=action][value=next]", "etape-budget")
    tab_to(page, "select[name='lignes-0-category']")
    page.keyboard.press("ArrowDown")
    _keyboard_type(page, "input[name='lignes-0-description']", "Deux portables")
    _keyboard_type(page, "input[name='lignes-0-amount']", "3000")
    _keyboard_press_button(person, "button[name=action][value=save]", "budget-enregistre")

    # Leave for the home page, then come back through the dashboard: the draft is intact.
    person.goto(f"{base}{prefix}/", "depart")
    person.goto(f"{base}{prefix}/organisme/", "retour-tableau-de-bord")
    person.click(f"main a[href='{prefix}/demandes/{application.pk}/']", "brouillon")
    person.click(f"main a[href='{prefix}/demandes/{application.pk}/etape/besoin/']", "brouillon-besoin")
    assert page.input_value("#id_title") == "Des portables pour l'accueil"
    assert page.input_value("#id_need") == "Nos postes ont dix ans et ne démarrent plus."
    person.click(f"nav a[href='{prefix}/demandes/{application.pk}/etape/budget/']", "brouillon-budget")
    assert page.input_value("input[name='lignes-0-description']") == "Deux portables"
    assert page.input_value("select[name='lignes-0-category']") != ""
    assert page.input_value("input[name='lignes-0-amount']").replace(",", ".").startswith("3000")

    _keyboard_press_button(person, "button[name=action][value=next]", "etape-documents")
    page.set_input_files("input[type=file]", small_pdf(pdf_path))
    _keyboard_press_button(person, "button[name=action][value=upload]", "document-ajoute")
    assert page.locator("main section a", has_text="soumission").count() == 1
    _keyboard_press_button(person, "button[name=action][value=next]", "revision")
    # The attestation is ticked from the keyboard too.
    tab_to(page, "#attestation")
    page.keyboard.press("Space")
    assert page.is_checked("#attestation")
    _keyboard_press_button(person, "main form[action$='/soumettre/'] button[type=submit]", "demande-soumise")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    return application


def _score_everything(person, application, lang):
    prefix, page = PREFIX[lang], person.page
    person.goto(person.base + f"{prefix}/comite/", "membre-tableau-de-bord")
    person.click(f"main a[href='{prefix}/comite/demandes/{application.pk}/conflit/']", "membre-conflit")
    page.check("input[name=has_conflict][value=no]")
    person.click("main form button[type=submit]", "membre-grille")
    criteria = page.locator("fieldset[data-criterion]")
    assert criteria.count() >= 3
    for index in range(criteria.count()):
        criteria.nth(index).locator("input[type=radio][value='4']").check()
    page.locator("input[name=recommendation]").first.check()
    person.click("button[name=submit]", "membre-grille-soumise")


def _declare_conflict(person, application, lang):
    prefix, page = PREFIX[lang], person.page
    person.goto(person.base + f"{prefix}/comite/", "membre2-tableau-de-bord")
    person.click(f"main a[href='{prefix}/comite/demandes/{application.pk}/conflit/']", "membre2-conflit")
    page.check("input[name=has_conflict][value=yes]")
    page.select_option("select[name=reason]", "family")
    person.click("main form button[type=submit]", "membre2-conflit-declare")
    assert page.locator(f"a[href*='/comite/demandes/{application.pk}/']").count() == 0
    hidden = page.request.get(person.base + f"{prefix}/comite/demandes/{application.pk}/")
    assert hidden.status == 404


def _report_and_assert(people, lang):
    """Write what was measured to test-artifacts, then fail on any serious or critical axe
    finding of any page visited (the admin pages staff use included) and on any applicant page
    heavier than the limit."""
    applicant = people.opened[0]
    weights = [{"url": visit.url, "bytes": visit.transferred} for visit in applicant.visits]
    findings = sorted({violation for person in people.opened for violation in person.violations})
    report = {"page_weights": weights, "axe_serious_or_critical": findings}
    (ARTIFACTS / lang / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    assert not findings, "axe-core (serious/critical):\n" + "\n".join(findings)
    too_heavy = [weight for weight in weights if weight["bytes"] > PAGE_WEIGHT_LIMIT]
    assert not too_heavy, f"applicant pages over {PAGE_WEIGHT_LIMIT} bytes: {too_heavy}"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_whole_journey(lang, live_server, people, tmp_path):
    base = live_server.url
    webinar, committee, staff, secrets = build_program_stage()
    applicant, staff_window, first_member, second_member = (people() for _ in range(4))
    for person in (applicant, staff_window, first_member, second_member):
        person.base = base
    email = f"direction-{lang}@maisonhochelaga.org"

    organisme = _sign_up_and_create_organisme(applicant, base, lang, email)
    assert organisme.region == committee.region

    sign_in(staff_window, base, lang, staff.email, DEFAULT_PASSWORD, "personnel", secrets[staff.pk])
    staff_window.goto(f"{base}{PREFIX[lang]}/admin/trainings/webinarsession/{webinar.pk}/presence/", "admin-presence")
    staff_window.page.select_option("select[name=organisme]", str(organisme.pk))
    staff_window.page.fill("input[name=minutes]", "75")
    staff_window.click("#content form [type=submit]", "admin-presence-enregistree")
    assert organisme.webinar_attendances.filter(webinar=webinar).exists()

    applicant.goto(f"{base}{PREFIX[lang]}/organisme/", "tableau-de-bord-admissible")
    application = _fill_application_with_the_keyboard(applicant, base, lang, tmp_path / "soumission.pdf")
    assert applicant.page.get_by_test_id("applicant-status").inner_text() == STATUS[lang]["received"]

    screen_and_assign(application.pk, staff=staff, committee=committee)
    seated = members(committee)
    sign_in(first_member, base, lang, seated[0].email, DEFAULT_PASSWORD, "membre", secrets[seated[0].pk])
    _score_everything(first_member, application, lang)
    sign_in(second_member, base, lang, seated[1].email, DEFAULT_PASSWORD, "membre2", secrets[seated[1].pk])
    _declare_conflict(second_member, application, lang)
    criteria_count = application.tier.current_criteria_set.criteria.count()
    for other in seated[2:]:
        scorecard(application.committee_assignment, other, [3] * criteria_count)

    staff_window.goto(f"{base}{PREFIX[lang]}/comite/comites/{committee.pk}/resultats/", "resultats")
    decision_form = f"form[action$='/demandes/{application.pk}/decision/']"
    staff_window.page.locator("details", has=staff_window.page.locator(decision_form)).locator("summary").click()
    staff_window.page.select_option(f"{decision_form} select[name=decision]", "award")
    staff_window.click(f"{decision_form} button[type=submit]", "bourse-accordee")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWARDED

    applicant.goto(f"{base}{PREFIX[lang]}/demandes/{application.pk}/", "decision")
    assert applicant.page.get_by_test_id("applicant-status").inner_text() == STATUS[lang]["awarded"]
    letter_url = applicant.page.locator(f"a[href$='/demandes/{application.pk}/lettre-octroi.pdf']").get_attribute("href")
    letter = applicant.page.request.get(base + letter_url)
    assert letter.status == 200 and letter.headers["content-type"] == "application/pdf"
    assert letter.body().startswith(b"%PDF")

    _sign_the_agreement(applicant, base, lang, application)
    _visit_the_public_register(applicant, base, lang, application)
    _visit_the_privacy_and_impact_pages(applicant, staff_window, base, lang)
    _report_and_assert(people, lang)


def _urls(lang, *names):
    with translation.override(FORM_LANGUAGE[lang]):
        return [reverse(name) for name in names]


def _sign_the_agreement(person, base, lang, application):
    """The register publishes the grant once its agreement is signed: the responsible person signs."""
    with translation.override(FORM_LANGUAGE[lang]):
        url = reverse("grants:agreement", args=[application.pk])
    person.goto(f"{base}{url}", "convention")
    person.page.fill("#id_full_name", "Julie Lavoie")
    person.page.fill("#id_title", "Directrice générale")
    person.page.check("#id_authority_confirmed")
    person.click("main form button[type=submit]", "convention-signee")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AGREEMENT


def _visit_the_privacy_and_impact_pages(applicant, staff_window, base, lang):
    """The Law 25 pages and the voluntary impact ones, axe-checked like every other page: the
    privacy notice, « Mes consentements », « Ce que nous détenons » (the person's and, for the
    responsible person, the organisme's with its read log), the download request, the organisme's
    impact page and staff's totals."""
    notice, consents, held, impact, aggregates = _urls(
        lang, "privacy:notice", "privacy:consents", "privacy:held", "impact:mine", "impact:aggregates",
    )
    applicant.goto(f"{base}{notice}", "confidentialite")
    applicant.goto(f"{base}{consents}", "consentements")
    applicant.goto(f"{base}{held}", "donnees-detenues")
    assert applicant.page.get_by_test_id("organisme-data").count() == 1
    applicant.click("main form:has(input[name=scope][value=organisme]) button[type=submit]", "donnees-demandees")
    assert applicant.page.locator(".alert-success").count() == 1
    applicant.goto(f"{base}{impact}", "impact")
    staff_window.goto(f"{base}{aggregates}", "impact-equipe")


def _visit_the_public_register(person, base, lang, application):
    """The award is now public: the register, its grant page and the process page (axe-checked)."""
    with translation.override(FORM_LANGUAGE[lang]):
        register, process = reverse("register:grant_list"), reverse("register:process")
        grant = reverse("register:grant_detail", args=[application.number])
    person.goto(f"{base}{register}", "registre")
    assert person.page.locator(f"main a[href='{grant}']").count() == 1
    person.goto(f"{base}{grant}", "registre-bourse")
    person.goto(f"{base}{register}?region=06&amount_min=abc", "registre-filtre")
    person.goto(f"{base}{process}", "comment-attribuees")


def test_application_form_works_without_javascript(live_server, people, tmp_path):
    organisme = OrganismeFactory()
    open_gate(organisme)
    person_email = member_of(organisme).email
    base = live_server.url
    person = people(javascript=False)
    sign_in(person, base, "fr", person_email, DEFAULT_PASSWORD, "sans-js")
    page = person.page
    person.click("main form[action$='/demandes/nouvelle/'] button", "sans-js-besoin")
    page.fill("#id_title", "Un serveur de fichiers")
    page.fill("#id_need", "Nos documents sont éparpillés.")
    person.click("button[name=action][value=save]", "sans-js-besoin-enregistre")
    assert page.input_value("#id_title") == "Un serveur de fichiers"
    person.click("button[name=action][value=next]", "sans-js-projet")
    page.fill("#id_project_summary", "Acheter un NAS.")
    page.fill("#id_expected_results", "Des documents partagés.")
    page.fill("#id_timeline", "Automne 2027.")
    page.fill("#id_public_summary", "Un serveur de fichiers partagé.")
    person.click("button[name=action][value=next]", "sans-js-budget")
    page.select_option("select[name='lignes-0-category']", index=1)
    page.fill("input[name='lignes-0-description']", "Un NAS")
    page.fill("input[name='lignes-0-amount']", "1200")
    person.click("button[name=action][value=next]", "sans-js-documents")
    page.set_input_files("input[type=file]", small_pdf(tmp_path / "devis.pdf"))
    person.click("button[name=action][value=upload]", "sans-js-document-ajoute")
    person.click("button[name=action][value=next]", "sans-js-revision")
    page.check("#attestation")
    person.click("main form[action$='/soumettre/'] button[type=submit]", "sans-js-soumise")
    application = Application.objects.get(organisme=organisme)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.amount_requested == 1200 and application.attachments.count() == 1
    assert page.get_by_test_id("applicant-status").inner_text() == STATUS["fr"]["received"]
    assert tier("amorcage") == application.tier

