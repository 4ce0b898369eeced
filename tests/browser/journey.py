"""Steps of the journey as people take them in the browser, shared by the tests of this folder."""

import io
import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from pypdf import PdfWriter

from applications.models import Application, ApplicationStatus
from applications.transitions import move_to
from committees.services import assign_applications
from dataide.accounts.roles import Role
from dataide.outbox.models import OutboxMessage
from tests.committees.factories import CommitteeFactory, members
from tests.factories import StaffUserFactory, region, tier
from tests.helpers import current_totp_code, enable_totp
from tests.trainings.factories import WebinarSessionFactory

PREFIX = {"fr": "/fr", "en": "/en"}
PASSWORD = "Portail-DATAide-2026"


def small_pdf(path) -> str:
    """A real one-page PDF, written on the fly."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return str(path)


def build_program_stage():
    """What staff prepared before the organisme arrives: a webinar that took place, a committee of
    four seats for the region and the amorçage tier, each member (and staff) with TOTP on."""
    webinar = WebinarSessionFactory(starts_at=timezone.now() - timedelta(days=2))
    committee = CommitteeFactory(region=region(), tiers=[tier("amorcage")])
    staff = StaffUserFactory(roles=[Role.DATAIDE_TEAM])
    secrets = {user.pk: enable_totp(user) for user in [staff, *members(committee)]}
    return webinar, committee, staff, secrets


def verification_link(email: str) -> str:
    message = OutboxMessage.objects.filter(recipient_email=email).latest("pk")
    return re.search(r"https?://[^\s\"'<>]+/confirm-email/[^\s\"'<>]+/", message.body_text).group(0)


def sign_in(person, base: str, lang: str, email: str, password: str, step: str, totp_secret: str | None = None):
    person.goto(f"{base}{PREFIX[lang]}/comptes/login/", f"{step}-connexion")
    person.page.fill("main input[name=login]", email)
    person.page.fill("main input[name=password]", password)
    person.click("main form button[type=submit]", f"{step}-apres-connexion")
    if totp_secret is not None:
        person.page.fill("main input[name=code]", current_totp_code(totp_secret, valid_for_seconds=10))
        person.click("main form button[type=submit]:not([form])", f"{step}-code-totp")


def screen_and_assign(application_pk: int, *, staff, committee):
    """Screening has no page of its own yet: staff's « admissible » goes through move_to, the
    assignment through the committees' service, as the admin does."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application_pk)
        move_to(application, ApplicationStatus.ELIGIBLE, actor=staff)
    assign_applications(actor=staff, committee=committee, applications=[application])


def tab_to(page, selector: str, *, backwards: bool = False, limit: int = 80):
    """Press Tab (or Shift+Tab) until the focused element matches `selector`; the element must
    show its focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            assert_focus_visible(page)
            return
    raise AssertionError(f"{selector} cannot be reached with {key} on {page.url}")


def assert_focus_visible(page):
    style = page.evaluate(
        "() => { const e = document.activeElement, s = getComputedStyle(e);"
        " return {visible: e.matches(':focus-visible'), outline: s.outlineStyle, width: s.outlineWidth,"
        " shadow: s.boxShadow, tag: e.outerHTML.slice(0, 120)}; }"
    )
    assert style["visible"], style
    shows_outline = style["outline"] != "none" and style["width"] not in ("0px", "")
    assert shows_outline or style["shadow"] != "none", f"focus is invisible on {style['tag']} ({page.url})"

