"""The answers are printed from Python (applications.answer_rows) and the application page reads its
lists with SQL compiled once per process (selectors.page_details): the answers must say what the
former included template said (answers_reference.html, fed the prefetched application as the
former views fed it), and the lists must be the former prefetch's rows, in its order — in both
languages, in every tier, for a draft, an application whose steps were partly reopened and a
submitted one, with empty and full lists and texts that need escaping."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from applications import services
from applications.answer_rows import answers_html
from applications.display import answer_sections
from applications.models import Application, ApplicationStatus, Attachment, BudgetLine, InfoRequest, StatusChange
from applications.selectors import page_details, prefetched_details, with_page_details
from tests.applications.factories import AttachmentFactory, complete_draft, eligible_organisme
from tests.helpers import same_markup
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db
LANGUAGES = ["fr-ca", "en"]
TIERS = ["amorcage", "acceleration", "innovation"]
REFERENCE = engines["django"].from_string((Path(__file__).parent / "answers_reference.html").read_text())
TRICKY = 'Des <b>outils</b> & « données » "sûres"'


def _with_lists(application, *, full: bool):
    """Empty lists, or lines (cents, each category), partners and attachments of every size, out of
    their creation order where an order is kept."""
    application.budget_lines.all().delete()
    application.partners.all().delete()
    if not full:
        return application
    BudgetLine.objects.bulk_create([
        BudgetLine(application=application, position=2, category="software", description=TRICKY, amount=Decimal("1234.50")),
        BudgetLine(application=application, position=1, category="equipment", description="Portables", amount=Decimal("2000")),
        BudgetLine(application=application, position=1, category="other", description="Imprévus\r\n", amount=Decimal("0.99")),
    ])
    application.partners.create(position=3, name="Table <de> quartier", role="Coordonne & anime")
    application.partners.create(position=0, name="Réseau l'Entraide", role='Prête le "local"')
    now = timezone.now()
    for index, (name, size) in enumerate([("devis <final>.pdf", 512), ("plan & budget.pdf", 20_480), ("photos.zip", 3_500_000)]):
        AttachmentFactory(application=application, original_name=name, size=size)
        Attachment.objects.filter(original_name=name).update(uploaded_at=now - datetime.timedelta(minutes=index))
    for status in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED):
        StatusChange.objects.create(application=application, to_status=status, message=TRICKY)
    return application


def _application(tier_code, state, *, full=True):
    application = complete_draft(eligible_organisme(tier_code), tier_code)
    application.need, application.timeline = f"{TRICKY}\r\nDeuxième ligne\rTroisième", ""
    application.save(update_fields=["need", "timeline"])
    _with_lists(application, full=full)
    if state == "draft":
        return application
    application.status = ApplicationStatus.INFO_REQUESTED if state == "reopened" else ApplicationStatus.SUBMITTED
    application.number = f"{tier_code[:3].upper()}-2027-0001"
    application.save()
    if state == "reopened":
        InfoRequest.objects.create(application=application, message="?", steps=["besoin", "documents"], due_on=timezone.localdate())
    return application


def _former(application, *, links=True, editable_slugs=None) -> str:
    """What the included template wrote, from the prefetched application, as the views included it."""
    application = with_page_details(Application.objects.select_related("organisme", "tier__program").get(pk=application.pk))
    return REFERENCE.render({
        "application": application, "sections": answer_sections(application),
        "editable_slugs": services.editable_steps(application) if editable_slugs is None else editable_slugs,
        "attachment_links": links, "edit_links": links,
    }, RequestFactory().get("/"))


def _written(application, details, *, links=True) -> str:
    return str(answers_html(
        application, answer_sections(application), details, editable_slugs=services.editable_steps(application), links=links,
    ))


def _row_facts(details):
    """What the pages print of each row, and which rows, in order."""
    return {
        "status_changes": [(c.pk, c.to_status, c.applicant_label, c.created_at, c.message) for c in details.status_changes],
        "budget_lines": [(b.pk, b.get_category_display(), b.description, b.amount) for b in details.budget_lines],
        "partners": [(p.pk, p.name, p.role) for p in details.partners],
        "attachments": [(a.pk, a.original_name, a.size) for a in details.attachments],
    }


@pytest.mark.parametrize("full", [True, False])
@pytest.mark.parametrize("tier_code", TIERS)
def test_the_page_s_compiled_lists_are_the_former_prefetch_s_rows(tier_code, full, django_assert_num_queries):
    _application(tier_code, "draft")  # another organisme's rows, which must not show
    application = _application(tier_code, "draft", full=full)
    prefetched = prefetched_details(with_page_details(Application.objects.get(pk=application.pk)))
    with django_assert_num_queries(4):
        compiled = page_details(application)
        facts = _row_facts(compiled)  # the printed columns are loaded: no further query
    assert facts == _row_facts(prefetched)
    assert all(bool(rows) == full for rows in facts.values() if rows is not facts["status_changes"])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("state", ["draft", "reopened", "submitted"])
@pytest.mark.parametrize("tier_code", TIERS)
def test_the_answers_say_what_the_former_template_said(tier_code, state, language):
    application = _application(tier_code, state)
    with translation.override(language):
        former = _former(application)
        for details in (page_details(application), prefetched_details(with_page_details(application))):
            assert same_markup(_written(application, details)) == same_markup(former)
        # The PDF's: no link to a form or a file.
        assert same_markup(_written(application, page_details(application), links=False)) == same_markup(_former(application, links=False))
    assert "&lt;b&gt;outils&lt;/b&gt; &amp; « données » &quot;sûres&quot;" in former  # the comparison compares escaping
    assert former.count("<br>") >= 2 and "<li>" in former


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("tier_code", TIERS)
def test_empty_lists_and_answers_say_what_the_former_template_said(tier_code, language):
    application = _application(tier_code, "submitted", full=False)
    Application.objects.filter(pk=application.pk).update(title="", need="", amount_requested=0)
    application.refresh_from_db()
    with translation.override(language):
        former = _former(application)
        assert same_markup(_written(application, page_details(application))) == same_markup(former)
    assert former.count("—") >= 3  # the empty answers, lines and partners


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", ["detail", "review"])
def test_the_application_and_review_pages_print_the_former_answers(client, page, language):
    application = _application("innovation", "draft")
    client.force_login(member_of(application.organisme))
    with translation.override(language):
        response = client.get(reverse(f"applications:{page}", args=[application.pk]))
        assert response.status_code == 200
        assert same_markup(_former(application)) in same_markup(response.content.decode())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_application_page_s_history_prints_every_change_in_order(client, language):
    application = _application("amorcage", "submitted")
    client.force_login(member_of(application.organisme))
    with translation.override(language):
        page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
        labels = [str(ApplicationStatus(change.to_status).applicant_label) for change in application.status_changes.all()]
    history = page.split('id="titre-historique"')[1].split("</ol>")[0]
    assert [part.split("</strong>")[0] for part in history.split("<strong>")[1:]] == labels
    assert history.count("&lt;b&gt;outils&lt;/b&gt;") == 2
