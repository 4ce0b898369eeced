"""The rows of the member's dashboard, written once in Python: the template only prints them (as
committees.results_page does for the results; see dataide.formatting.escape)."""

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dataide.formatting import escape, format_money
from dataide.reversing import pk_url


def dashboard_rows(rows) -> SafeString:
    """The table rows of one committee's assignments on the page (selectors.DashboardRow): the
    link opens the application once the member answered the conflict question, else the
    question."""
    if not rows:
        return mark_safe("")
    urls = {True: pk_url("committees:application"), False: pk_url("committees:conflict")}
    submitted, draft, todo = escape(_("Soumise")), escape(_("Brouillon")), escape(_("À faire"))
    badges = {
        "submitted": f'<span class="badge text-bg-success">{submitted}</span>',
        "draft": f'<span class="badge text-bg-warning">{draft}</span>',
        "todo": f'<span class="badge text-bg-secondary">{todo}</span>',
    }
    read, score, declare = escape(_("Consulter")), escape(_("Évaluer")), escape(_("Déclarer et ouvrir"))
    lines = []
    for row in rows:
        title = escape(row.title or row.number)
        number = f'<br><small class="text-body-secondary">{escape(row.number)}</small>' if row.number else ""
        url = urls[row.declared](row.application_id)
        if row.declared:
            label = read if row.progress == "submitted" else score
            action = f'<a class="btn btn-sm btn-outline-primary" href="{url}">{label}<span class="visually-hidden"> {title}</span></a>'
        else:
            action = f'<a class="btn btn-sm btn-primary" href="{url}">{declare}<span class="visually-hidden"> {title}</span></a>'
        lines.append(
            f"<tr><td>{title}{number}</td><td>{escape(row.organisme)}</td><td>{escape(row.tier)}</td>"
            f'<td class="text-end">{escape(format_money(row.amount_requested))}</td>'
            f"<td>{badges[row.progress]}</td><td>{action}</td></tr>"
        )
    # Every value above is escaped; the markup is ours.
    return mark_safe("\n".join(lines))
