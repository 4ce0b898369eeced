"""The member's dashboard, written once in Python: each committee's section and its rows, the
template only prints them (as committees.results_page does for the results; see
dataide.formatting.escape). The section is what the former template wrote
(tests/committees/test_dashboard_page.py compares it with dashboard_section_reference.html);
translations are written as `{% translate %}` writes them (not escaped: they are ours)."""

from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from dataide.formatting import datetime_formatter, escape, money_formatter
from dataide.reversing import pk_url


class _Words:
    """The sections' fixed markup in the active language, translated once per process."""

    def __init__(self):
        # Translated before formatting: xgettext reads no call inside an f-string.
        self.deadline = _("Date limite d'évaluation : %(deadline)s")
        self.progress = _("à faire : %(todo)s, brouillons : %(draft)s, soumises : %(submitted)s")
        self.caption = _("Demandes confiées au comité %(name)s")
        closed, results = _("Évaluation terminée"), _("Résultats du comité")
        self.closed = f'<span class="badge text-bg-dark">{closed}</span>'
        self.results = results
        project, organisme, tier, requested = _("Projet"), _("Organisme"), _("Volet"), _("Montant demandé")
        scorecard, action = _("Ma grille"), _("Action")
        self.head = (
            f'<thead><tr><th scope="col">{project}</th><th scope="col">{organisme}</th><th scope="col">{tier}</th>'
            f'<th scope="col" class="text-end">{requested}</th><th scope="col">{scorecard}</th>'
            f'<th scope="col"><span class="visually-hidden">{action}</span></th></tr></thead>'
        )
        elsewhere = _("Les demandes de ce comité sont sur une autre page de la liste.")
        nothing = _("Aucune demande ne vous est confiée pour le moment.")
        self.elsewhere, self.nothing = f"<p>{elsewhere}</p>", f"<p>{nothing}</p>"


@lru_cache(maxsize=8)
def _words_in(language: str | None) -> _Words:
    return _Words()


def committee_section(entry) -> SafeString:
    """One committee of the dashboard (selectors.DashboardCommittee): its deadline, the member's
    progress over all its rows, and its rows on the page."""
    words = _words_in(get_language())
    committee, progress = entry.committee, entry.progress
    name = escape(committee.name)
    deadline = words.deadline % {"deadline": escape(datetime_formatter("DATE_FORMAT")(committee.scoring_deadline))}
    closed = words.closed if committee.deadline_passed() else ""
    total = entry.total
    count = ngettext("%(counter)s demande à évaluer", "%(counter)s demandes à évaluer", total) % {"counter": total}
    done = words.progress % {state: progress.get(state) or 0 for state in ("todo", "draft", "submitted")}
    results_url = pk_url("committees:results")(committee.pk)
    if entry.assignments:
        caption = words.caption % {"name": name}
        body = (
            f'<div class="table-responsive"><table class="table align-middle">'
            f'<caption class="visually-hidden">{caption}</caption>{words.head}'
            f"<tbody>{dashboard_rows(entry.assignments)}</tbody></table></div>"
        )
    else:
        body = words.elsewhere if total else words.nothing
    return mark_safe(  # every value escaped
        f'<section class="mb-5" aria-labelledby="comite-{committee.pk}"><h2 id="comite-{committee.pk}">{name}</h2>'
        f'<p class="mb-2">{escape(committee.region)} · {deadline} {closed}</p>'
        f'<p>{count} — {done} · <a href="{results_url}">{words.results}</a></p>{body}</section>'
    )


def dashboard_rows(rows) -> str:
    """The table rows of one committee's assignments on the page (selectors.DashboardRow): the
    link opens the application once the member answered the conflict question, else the
    question."""
    urls = {True: pk_url("committees:application"), False: pk_url("committees:conflict")}
    submitted, draft, todo = escape(_("Soumise")), escape(_("Brouillon")), escape(_("À faire"))
    badges = {
        "submitted": f'<span class="badge text-bg-success">{submitted}</span>',
        "draft": f'<span class="badge text-bg-warning">{draft}</span>',
        "todo": f'<span class="badge text-bg-secondary">{todo}</span>',
    }
    read, score, declare = escape(_("Consulter")), escape(_("Évaluer")), escape(_("Déclarer et ouvrir"))
    money = money_formatter()
    tiers = {}  # a tier's name escaped once a page: the rows share three
    lines = []
    for row in rows:
        if row.tier not in tiers:
            tiers[row.tier] = escape(row.tier)
        title = escape(row.title or row.number)
        number = f'<br><small class="text-body-secondary">{escape(row.number)}</small>' if row.number else ""
        url = urls[row.declared](row.application_id)
        if row.declared:
            label = read if row.progress == "submitted" else score
            action = f'<a class="btn btn-sm btn-outline-primary" href="{url}">{label}<span class="visually-hidden"> {title}</span></a>'
        else:
            action = f'<a class="btn btn-sm btn-primary" href="{url}">{declare}<span class="visually-hidden"> {title}</span></a>'
        lines.append(
            f"<tr><td>{title}{number}</td><td>{escape(row.organisme)}</td><td>{tiers[row.tier]}</td>"
            f'<td class="text-end">{escape(money(row.amount_requested))}</td>'
            f"<td>{badges[row.progress]}</td><td>{action}</td></tr>"
        )
    # Every value above is escaped; the markup is ours.
    return "\n".join(lines)
