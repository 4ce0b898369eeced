"""The read-only parts of the scorecard page, written once in Python: the application as the
member reads it, its documents, and a submitted scorecard (also the peers' page's). Their included
templates' tags, filters and translations were some 4 000 Python calls of the page, a third of it.
The HTML is what the templates wrote (tests/committees/test_scorecard_page.py compares it with
application_reference.html and scorecard_reference.html); translations are written as
`{% translate %}` writes them (not escaped: they are ours), every value escaped."""

from functools import lru_cache

from django.template.defaultfilters import filesizeformat, floatformat
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from applications.models import BudgetCategory
from dataide.formatting import datetime_formatter, escape, format_money
from dataide.reversing import pk_url

from .models import Recommendation


class _Words:
    """The parts' fixed markup and labels in the active language: some forty translations and
    choice labels a page, the same on every page."""

    def __init__(self):
        # Translated before formatting: xgettext reads no call inside an f-string.
        self.facts = [_facts_term(label) for label in (_("Organisme"), _("Mission"), _("Volet"), _("Montant demandé"))]
        budget, caption = _("Budget"), _("Lignes budgétaires")
        category, description, amount = _("Catégorie"), _("Description"), _("Montant")
        self.budget = (
            f'<h3 class="h5">{budget}</h3><table class="table table-sm">'
            f'<caption class="visually-hidden">{caption}</caption>'
            f'<thead><tr><th scope="col">{category}</th><th scope="col">{description}</th>'
            f'<th scope="col" class="text-end">{amount}</th></tr></thead>'
        )
        self.categories = {value: escape(label) for value, label in BudgetCategory.choices}
        heading, none = _("Documents joints"), _("L'organisme n'a joint aucun document.")
        self.documents = f'<h3 class="h5">{heading}</h3>'
        self.no_documents = f"{self.documents}<p>{none}</p>"
        caption, criterion, score, comment = _("Notes par critère"), _("Critère"), _("Note"), _("Commentaire")
        self.scores = (
            f'<table class="table table-sm"><caption class="visually-hidden">{caption}</caption>'
            f'<thead><tr><th scope="col">{criterion}</th><th scope="col">{score}</th><th scope="col">{comment}</th></tr></thead>'
        )
        self.not_applicable = _("Sans objet")
        self.no_score = _("aucune note (tous les critères sans objet)")
        self.card_facts = [_facts_term(label) for label in (_("Note pondérée"), _("Recommandation"), _("Commentaire général"))]
        self.recommendations = {value: escape(label) for value, label in Recommendation.choices}
        self.submitted = _("Grille soumise le %(date)s. Elle ne peut plus être modifiée.")
        self.peers = _("Voir les grilles des autres membres")


def _facts_term(label) -> str:
    return f'<dt class="col-sm-4">{label}</dt><dd class="col-sm-8">'


@lru_cache(maxsize=8)
def _words_in(language: str | None) -> _Words:
    return _Words()


def application_html(application, sections, documents) -> SafeString:
    """The application's facts, its written answers (`sections`: (label, text)), its budget lines
    (`application.budget_lines.all()`, kept as a prefetch) and its `documents`, each linked."""
    words = _words_in(get_language())
    organisme = application.organisme
    values = (
        f"{escape(organisme.legal_name)} ({escape(organisme.city)})",
        _lines(organisme.mission),
        escape(application.tier.localized("name")),
        escape(format_money(application.amount_requested)),
    )
    parts = [f'<dl class="row">{_facts(words.facts, values)}</dl>']
    for label, text in sections:
        label = str(label)
        parts.append(f'<h3 class="h5">{escape(label[:1].upper() + label[1:])}</h3><p>{_lines(text)}</p>')
    lines = application.budget_lines.all()
    if lines:
        rows = "".join([
            f"<tr><td>{words.categories.get(line.category) or escape(line.category)}</td><td>{escape(line.description)}</td>"
            f'<td class="text-end">{escape(format_money(line.amount))}</td></tr>'
            for line in lines
        ])
        parts.append(f"{words.budget}<tbody>{rows}</tbody></table>")
    if documents:
        url = pk_url("committees:attachment", application.pk)
        items = "".join([
            f'<li><a href="{url(document.pk)}" download>{escape(document.original_name)}</a> '
            f'<small class="text-body-secondary">({escape(filesizeformat(document.size))})</small></li>'
            for document in documents
        ])
        parts.append(f'{words.documents}<ul id="documents">{items}</ul>')
    else:
        parts.append(words.no_documents)
    return mark_safe("".join(parts))  # every value escaped


def scorecard_html(card) -> SafeString:
    """A submitted scorecard: its scores (`card.scores.all()`, with their criterion), its weighted
    score (`card.weighted`, None when every criterion is « sans objet »), its recommendation and
    general comment."""
    words = _words_in(get_language())
    # A list, not a generator: each step of a generator is one more call.
    rows = "".join([
        f'<tr><td>{escape(row.criterion.localized("label"))}</td>'
        f"<td>{words.not_applicable if row.not_applicable else f'{row.score} / 5'}</td>"  # an int
        f"<td>{_lines(row.comment)}</td></tr>"
        for row in card.scores.all()
    ])
    weighted = f"{escape(floatformat(card.weighted, 2))} / 5" if card.weighted is not None else words.no_score
    recommendation = words.recommendations.get(card.recommendation) or escape(card.recommendation)
    values = weighted, recommendation, _lines(card.general_comment) or "—"
    return mark_safe(  # every value escaped
        f'{words.scores}<tbody>{rows}</tbody></table><dl class="row">{_facts(words.card_facts, values)}</dl>'
    )


def own_scorecard_html(card, application_pk: int) -> SafeString:
    """The member's own submitted scorecard on the application's page: when it was submitted, the
    scorecard, and the link to the other members' scorecards."""
    words = _words_in(get_language())
    submitted_at = datetime_formatter()(timezone.localtime(card.submitted_at))
    peers_url = pk_url("committees:peers")(application_pk)
    return mark_safe(  # every value escaped
        f'<div class="alert alert-success">{words.submitted % {"date": escape(submitted_at)}}</div>'
        f'{scorecard_html(card)}<p><a class="btn btn-outline-primary" href="{peers_url}">{words.peers}</a></p>'
    )


def _facts(terms, values) -> str:
    """A <dl>'s terms (opening their definition, _facts_term) and their definitions."""
    return "".join([f"{term}{value}</dd>" for term, value in zip(terms, values, strict=True)])


def _lines(text) -> str:
    """`{{ text|linebreaksbr }}`: escaped, each line break (\\r\\n, \\r or \\n) a <br>."""
    return escape(str(text).replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")
