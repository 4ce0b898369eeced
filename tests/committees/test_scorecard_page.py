"""The scorecard page's read-only parts are printed from Python (committees.scorecard_page): they
must say what the former templates said (application_reference.html, scorecard_reference.html and
the submitted scorecard's lines of application.html, own_scorecard_reference.html), in both
languages, for applications with and without budget lines and documents, scorecards with and
without « sans objet » or a general comment, each recommendation, and texts that need escaping."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Prefetch
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from applications.models import Application, Attachment, BudgetLine
from committees.models import Recommendation, Scorecard
from committees.scorecard_page import application_html, own_scorecard_html, scorecard_html
from committees.selectors import (
    _scores_with_criteria,
    application_documents,
    application_sections,
    own_scorecard,
    scorecard_score,
    with_budget_lines,
)
from tests.applications.factories import AttachmentFactory
from tests.committees.factories import CommitteeFactory, assign, members, scorecard
from tests.factories import publish_criteria_version
from tests.helpers import login_staff, same_markup, without_csrf

pytestmark = pytest.mark.django_db
LANGUAGES = ["fr-ca", "en"]
TRICKY = 'Des <b>outils</b> & « données » "sûres"'
_HERE = Path(__file__).parent
_ENGINE = engines["django"]
APPLICATION_REFERENCE = _ENGINE.from_string((_HERE / "application_reference.html").read_text())
SCORECARD_REFERENCE = _ENGINE.from_string((_HERE / "scorecard_reference.html").read_text())
OWN_SCORECARD_REFERENCE = _ENGINE.from_string((_HERE / "own_scorecard_reference.html").read_text())


def _render(template, context) -> str:
    return same_markup(template.render(context, RequestFactory().get("/")))


def _application(committee, *, full: bool):
    application = assign(committee, need=f"{TRICKY}\r\nDeuxième ligne\rTroisième", timeline="", sustainability="Oui\n").application
    organisme = application.organisme
    organisme.legal_name, organisme.city, organisme.mission = "Popote <roulante> & cie", "Val-d'Or", f"{TRICKY}\nAider"
    organisme.save(update_fields=["legal_name", "city", "mission"])
    if full:
        application.amount_requested = Decimal("4234.50")
        application.save(update_fields=["amount_requested"])
        BudgetLine.objects.bulk_create([
            BudgetLine(application=application, position=2, category="software", description=TRICKY, amount=Decimal("1234.50")),
            BudgetLine(application=application, position=1, category="equipment", description="Portables", amount=Decimal("3000")),
        ])
        for name, size in (("devis <final>.pdf", 512), ("plan & budget.pdf", 3_500_000)):
            AttachmentFactory(application=application, original_name=name, size=size)
    return application


def _former_application(application) -> str:
    """What the included template and the documents' list wrote, from the ORM's prefetch."""
    application = (
        Application.objects.select_related("organisme", "tier")
        .prefetch_related(Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("position", "pk")))
        .get(pk=application.pk)
    )
    return _render(APPLICATION_REFERENCE, {
        "application": application,
        "sections": application_sections(application),
        "documents": Attachment.objects.filter(application=application).order_by("uploaded_at", "pk"),
    })


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("full", [True, False])
def test_the_application_says_what_the_former_template_said(full, language):
    application = _application(CommitteeFactory(), full=full)
    with translation.override(language):
        former = _former_application(application)
        written = application_html(with_budget_lines(application), application_sections(application), application_documents(application))
        assert same_markup(str(written)) == former
    assert ("Portables" in former) == full and ("devis &lt;final&gt;.pdf" in former) == full
    assert "Popote &lt;roulante&gt; &amp; cie" in former and "Deuxième ligne<br>Troisième" in former


def _criteria_that_need_escaping(tier):
    def edit(criteria):
        for criterion in criteria:
            criterion.label_fr, criterion.label_en = f"{criterion.label_fr} <fr> & cie", f"{criterion.label_fr} <en> & co"
            criterion.save()

    publish_criteria_version(tier, edit)


def _former_card(card) -> str:
    card = (
        Scorecard.objects.prefetch_related(Prefetch("scores", queryset=_scores_with_criteria())).get(pk=card.pk)
    )
    card.weighted = scorecard_score(card)
    return _render(SCORECARD_REFERENCE, {"card": card}), card


CARDS = [
    ([5, 4, "na", 3, 2], Recommendation.FUND, "Solide <b>projet</b>\r\nà suivre"),
    (["na", "na", "na", "na", "na"], Recommendation.FUND_WITH_CONDITIONS, ""),
    ([1, 0, 3, 2, 2], Recommendation.DO_NOT_FUND, "Non"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("scores", "recommendation", "comment"), CARDS)
def test_a_scorecard_says_what_the_former_template_said(client, scores, recommendation, comment, language):
    committee = CommitteeFactory()
    _criteria_that_need_escaping(committee.tiers.get())
    member = members(committee)[0]
    assignment = assign(committee)
    count = assignment.application.tier.current_criteria_set.criteria.count()
    card = scorecard(assignment, member, scores[:count], recommendation=recommendation, comment=comment)
    own = own_scorecard(assignment, member)
    own.weighted = scorecard_score(own)
    with translation.override(language):
        former, card = _former_card(card)
        assert same_markup(str(scorecard_html(own))) == former
        # The member's own, on the application's page: when it was submitted, the link to the others'.
        reference = _render(OWN_SCORECARD_REFERENCE, {
            "scorecard": card, "application": assignment.application, "card_html": mark_safe(former),
        })
        assert same_markup(str(own_scorecard_html(own, assignment.application_id))) == reference
        # And the page shows it.
        login_staff(client, member)
        page = client.get(reverse("committees:application", args=[assignment.application_id]))
        assert reference in same_markup(without_csrf(page.content.decode()))
    assert ("&lt;en&gt; &amp; co</td>" in former) == (language == "en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_peers_page_shows_each_scorecard_as_the_former_template_did(client, language):
    committee = CommitteeFactory()
    community, team, it, _regional = members(committee)
    assignment = assign(committee)
    count = assignment.application.tier.current_criteria_set.criteria.count()
    scorecard(assignment, community, [5, 4, 3, 2, 1][:count])
    cards = [
        scorecard(assignment, member, scores[:count], recommendation=recommendation, comment=comment)
        for member, (scores, recommendation, comment) in zip((team, it), CARDS, strict=False)
    ]
    login_staff(client, community)
    with translation.override(language):
        page = same_markup(client.get(reverse("committees:peers", args=[assignment.application_id])).content.decode())
        for card in cards:
            assert _former_card(card)[0] in page
