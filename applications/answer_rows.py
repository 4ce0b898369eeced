"""The answers step by step (the application page, the review page and the PDF), written from
Python: the included template's `url` tags, filters and loops were some 4 200 Python calls of the
application page. The HTML is what the template wrote (tests/applications/test_answer_rows.py
compares them with tests/applications/answers_reference.html); translations are written as
`{% translate %}` writes them (not escaped: they are ours)."""

from django.template.defaultfilters import filesizeformat
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import gettext as _

from dataide.formatting import escape, format_money
from dataide.reversing import pk_url

from .models import BudgetCategory
from .steps import ATTACHMENTS, BUDGET, PARTNERS


def answers_html(application, sections, details, *, editable_slugs=frozenset(), links: bool = True) -> str:
    """`sections` as display.answer_sections gives them; `details` (selectors.PageDetails) the
    budget lines, partners and attachments; with `links`, each editable step links to its form
    and each attachment to its file (the PDF has none)."""
    step_url = pk_url("applications:step", application.pk) if links else None
    writers = {
        PARTNERS: lambda: _partners(details.partners),
        BUDGET: lambda: _budget(details.budget_lines, application.amount_requested),
        ATTACHMENTS: lambda: _attachments(details.attachments, pk_url("applications:attachment", application.pk) if links else None),
    }
    edit = _("Modifier")
    parts = []
    for section in sections:
        step = section["step"]
        slug, title = escape(step.slug), escape(step.title)
        edit_link = (
            f' <a class="small fw-normal" href="{step_url(step.slug)}">{edit}<span class="visually-hidden"> — {title}</span></a>'
            if links and step.slug in editable_slugs else ""
        )
        parts.append(
            f'<section class="answers-section" aria-labelledby="reponses-{slug}">'
            f'<h2 id="reponses-{slug}" class="h5">{title}{edit_link}</h2>'
        )
        if step.fields:
            parts.append(f"<dl>{''.join(_answer(label, value) for label, value in section['rows'])}</dl>")
        if step.special in writers:
            parts.append(writers[step.special]())
        parts.append("</section>")
    return mark_safe("".join(parts))  # every value escaped


def _answer(label, value) -> str:
    """`<dt>{{ label|capfirst }}</dt><dd>{{ value|default:"—"|linebreaksbr }}</dd>`."""
    label = str(label)
    text = escape(normalize_newlines(value)).replace("\n", "<br>") if value else "—"
    return f'<dt>{escape(label[:1].upper() + label[1:])}</dt><dd class="answer">{text}</dd>'


_NONE_IN_TWO_COLUMNS = '<tr><td colspan="2">—</td></tr>'
_NONE_IN_THREE_COLUMNS = '<tr><td colspan="3">—</td></tr>'


def _partners(partners) -> str:
    rows = "".join(f"<tr><td>{escape(partner.name)}</td><td>{escape(partner.role)}</td></tr>" for partner in partners)
    partner, role = _("Organisme partenaire"), _("Rôle dans le projet")  # xgettext skips f-strings
    return (
        f'<table class="table table-sm"><thead><tr><th scope="col">{partner}</th>'
        f'<th scope="col">{role}</th></tr></thead>'
        f"<tbody>{rows or _NONE_IN_TWO_COLUMNS}</tbody></table>"
    )


def _budget(lines, amount_requested) -> str:
    categories = dict(BudgetCategory.choices)
    rows = "".join(
        f"<tr><td>{escape(categories.get(line.category, line.category))}</td><td>{escape(line.description)}</td>"
        f'<td class="num text-end">{escape(format_money(line.amount))}</td></tr>'
        for line in lines
    )
    category, description, amount, requested = _("Catégorie"), _("Description"), _("Montant"), _("Montant demandé")
    return (
        f'<table class="table table-sm"><thead><tr><th scope="col">{category}</th>'
        f'<th scope="col">{description}</th><th scope="col" class="num text-end">{amount}</th></tr></thead>'
        f"<tbody>{rows or _NONE_IN_THREE_COLUMNS}</tbody>"
        f'<tfoot><tr><th scope="row" colspan="2">{requested}</th>'
        f'<td class="num text-end"><strong>{escape(format_money(amount_requested))}</strong></td></tr></tfoot></table>'
    )


def _attachments(attachments, attachment_url) -> str:
    items = []
    for attachment in attachments:
        name = escape(attachment.original_name)
        shown = f'<a href="{attachment_url(attachment.pk)}">{name}</a>' if attachment_url else name
        items.append(f"<li>{shown} ({escape(filesizeformat(attachment.size))})</li>")
    none = _("Aucun document.")
    return f"<ul>{''.join(items) or f'<li>{none}</li>'}</ul>"
