"""Help pages: staff write Markdown in the admin (through an audited service), the public reads
it rendered and sanitised, in its language; the form's steps link to their part of the guide."""

import pytest
from django.urls import reverse

from applications.models import ApplicationStatus as S
from dataide.audit.models import AuditEvent
from portal.models import HelpPage
from tests.applications.factories import complete_draft, eligible_organisme
from tests.applications.pages import page
from tests.factories import StaffUserFactory
from tests.helpers import login_staff
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db

HOSTILE = (
    "## Budget {#budget}\n\nUne ligne par dépense.\n\n<script>alert('x')</script>\n\n"
    '<img src="x" onerror="alert(1)">\n\n[cliquez](javascript:alert(2)) et **gras**\n'
)


def test_the_seeded_pages_exist_in_both_languages(client):
    index = page(client.get("/fr/aide/"))
    for title in ("Comment préparer sa demande", "Questions fréquentes — bourse d'amorçage", "Glossaire"):
        assert title in index
    guide = page(client.get("/en/help/prepare-your-application/"))
    assert "How to prepare your application" in guide and 'id="budget"' in guide
    # The form links with the French address; English readers are sent to theirs.
    assert client.get("/en/help/preparer-sa-demande/")["Location"] == "/en/help/prepare-your-application/"
    assert client.get("/fr/aide/inconnue/").status_code == 404


def test_staff_markdown_is_rendered_without_scripts_or_event_handlers(client):
    team = StaffUserFactory()
    login_staff(client, team)
    help_page = HelpPage.objects.get(slug="preparer-sa-demande")
    url = reverse("admin:portal_helppage_change", args=[help_page.pk])
    form = {
        "slug": help_page.slug, "slug_en": help_page.slug_en, "position": 10, "title_fr": help_page.title_fr,
        "title_en": help_page.title_en, "summary_fr": "", "summary_en": "", "body_fr": HOSTILE, "body_en": "",
    }
    assert client.post(url, form).status_code == 302
    event = AuditEvent.objects.get(action="help_page.saved")
    assert event.actor == team and set(event.data["fields"]) >= {"body_fr", "body_en"}

    client.logout()
    body = page(client.get("/fr/aide/preparer-sa-demande/"))
    assert "<strong>gras</strong>" in body and 'id="budget"' in body
    assert "<script>alert" not in body and "alert('x')" not in body
    assert "onerror" not in body and "javascript:" not in body
    # No English body yet: the French text is shown.
    assert "Une ligne par dépense." in page(client.get("/en/help/prepare-your-application/"))


def test_each_step_of_the_form_links_to_its_help(client):
    application = complete_draft(eligible_organisme())
    client.force_login(member_of(application.organisme))
    step = page(client.get(reverse("applications:step", args=[application.pk, "budget"])))
    assert '/fr/aide/preparer-sa-demande/#budget' in step
    assert '/fr/aide/faq-amorcage/' in step and '/fr/aide/glossaire/' in step
    assert application.status == S.DRAFT


def test_the_footer_links_to_help(client):
    home = page(client.get("/fr/"))
    assert "/fr/aide/" in home and "/fr/formations/calendrier/" in home
