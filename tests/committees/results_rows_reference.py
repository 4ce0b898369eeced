"""The results page's rows as committees.results_page wrote them before issue 20's second pass
(each row formatted and escaped on its own: statuses, tiers, money, decision options, the
form's helpers): kept as the reference the faster rows must match, byte for byte
(tests/committees/test_results_compiled.py)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from applications.decision_forms import DecisionForm, decision_choices
from applications.statuses import ApplicationStatus
from committees.feedback.services import LETTER_STATUSES
from committees.models import Recommendation
from committees.selectors import ResultRow
from dataide.formatting import escape, format_money
from dataide.reversing import pk_url

NO_VALUE = "—"
HUNDREDTHS = Decimal("0.01")


class _Page:
    """What every row of one page shares: labels, links, the form's fixed texts, the CSRF token."""

    def __init__(self, committee, *, can_decide: bool, csrf_token: str):
        self.separator = get_format("DECIMAL_SEPARATOR")
        self.recommendations = [(value, escape(label)) for value, label in Recommendation.choices]
        self.statuses = {value: escape(label) for value, label in ApplicationStatus.choices}
        self.final = f'<span class="badge text-bg-success">{escape(_("final"))}</span>'
        self.short = f'<span class="badge text-bg-warning">{escape(_("quorum non atteint"))}</span>'
        self.letter = escape(_("Lettre de rétroaction"))
        self.can_decide = can_decide
        if can_decide:
            self.letter_url = pk_url("committees:feedback_letter")
            self.decide_url = pk_url("committees:decide", committee.pk)
            fields = DecisionForm.base_fields
            self.labels = {name: escape(fields[name].label) for name in ("decision", "amount", "reason")}
            self.reason_help = escape(fields["reason"].help_text)
            self.save = escape(_("Enregistrer la décision"))
            self.token = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'

    def decimal(self, value: Decimal | None) -> str:
        """As `floatformat:2` prints it in the active language."""
        if value is None:
            return NO_VALUE
        return str(value.quantize(HUNDREDTHS, rounding=ROUND_HALF_UP)).replace(".", self.separator)


def result_rows(rows: list[ResultRow], committee, *, can_decide: bool, csrf_token: str = "", failed=None) -> SafeString:
    """The table's rows: `failed` is (application pk, rejected DecisionForm), shown on that
    application's row with what was typed and why it was refused."""
    page = _Page(committee, can_decide=can_decide, csrf_token=csrf_token)
    html = []
    for row in rows:
        html.append(_row(row, page))
        if can_decide and row.can_decide:
            rejected = failed[1] if failed and failed[0] == row.application.pk else None
            html.append(_decision(row, page, rejected))
    # Every value is escaped where it is written; the markup is ours.
    return mark_safe("\n".join(html))


def _row(row: ResultRow, page: _Page) -> str:
    application, result = row.application, row.result
    tally = "".join(f"<li>{label} : {result.recommendations.get(value, 0)}</li>" for value, label in page.recommendations)
    status = page.statuses.get(application.status) or escape(application.status)
    if application.amount_awarded:
        status += f"<br>{escape(format_money(application.amount_awarded))}"
    if page.can_decide and application.status in LETTER_STATUSES:
        status += f'<br><a class="small" href="{page.letter_url(application.pk)}">{page.letter}</a>'
    return (
        f'<tr id="demande-{application.pk}"><td>{row.rank}</td>'
        f"<td>{escape(application.title or application.number)}<br><small>{escape(application.organisme.legal_name)}"
        f" · {escape(application.tier.localized('name'))}</small></td>"
        f'<td class="text-end">{escape(format_money(application.amount_requested))}</td>'
        f'<td class="text-end">{page.decimal(result.mean)}</td><td class="text-end">{page.decimal(result.spread)}</td>'
        f"<td>{result.count} {page.final if result.quorum_met else page.short}</td>"
        f'<td><ul class="list-unstyled mb-0 small">{tally}</ul></td><td>{status}</td></tr>'
    )


def _errors(errors) -> str:
    return " ".join(escape(error) for error in errors)


def _decision(row: ResultRow, page: _Page, rejected: DecisionForm | None) -> str:
    """The decision form under a decidable row; `rejected`: this row's refused form."""
    application = row.application
    pk = application.pk
    data = rejected.data if rejected is not None else {}
    errors = rejected.errors if rejected is not None else {}
    chosen = data.get("decision", "")
    options = "".join(
        f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>{escape(label)}</option>'
        for value, label in decision_choices(application.status)
    )
    amount = data.get("amount", "") if rejected is not None else str(application.amount_requested)
    problems = "".join(
        f'<div class="alert alert-danger" role="alert">{escape(error)}</div>'
        for error in (rejected.non_field_errors() if rejected is not None else ())
    )

    def invalid(field):
        return " is-invalid" if errors.get(field) else ""

    def described(field):
        return f' aria-describedby="{field}-{pk}-erreur"' if errors.get(field) else ""

    def feedback(field):
        if not errors.get(field):
            return ""
        return f'<div class="invalid-feedback" id="{field}-{pk}-erreur">{_errors(errors[field])}</div>'

    # The summary's words are the translation's own, the title is escaped (as blocktranslate does).
    summary = _("Décider : %(title)s") % {"title": escape(application.title or application.number)}
    reason_described = f"reason-{pk}-aide" + (f" reason-{pk}-erreur" if errors.get("reason") else "")
    return (
        f'<tr><td></td><td colspan="7"><details{" open" if errors else ""}><summary>{summary}</summary>'
        f'<form method="post" action="{page.decide_url(pk)}" class="mt-2" novalidate>{page.token}{problems}'
        f'<div class="row g-2"><div class="col-md-3">'
        f'<label class="form-label" for="decision-{pk}">{page.labels["decision"]}</label>'
        f'<select class="form-select form-select-sm{invalid("decision")}" name="decision" id="decision-{pk}"'
        f'{described("decision")}>{options}</select>{feedback("decision")}</div>'
        f'<div class="col-md-3"><label class="form-label" for="amount-{pk}">{page.labels["amount"]}</label>'
        f'<input type="text" inputmode="decimal" class="form-control form-control-sm{invalid("amount")}" name="amount"'
        f' id="amount-{pk}" value="{escape(amount)}"{described("amount")}>{feedback("amount")}</div>'
        f'<div class="col-md-6"><label class="form-label" for="reason-{pk}">{page.labels["reason"]}</label>'
        f'<textarea class="form-control form-control-sm{invalid("reason")}" name="reason" id="reason-{pk}" rows="2"'
        f' maxlength="2000" aria-describedby="{reason_described}">{escape(data.get("reason", ""))}</textarea>'
        f'{feedback("reason")}<div class="form-text" id="reason-{pk}-aide">{page.reason_help}</div></div></div>'
        f'<button type="submit" class="btn btn-primary btn-sm mt-2">{page.save}</button></form></details></td></tr>'
    )
