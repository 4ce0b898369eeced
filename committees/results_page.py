"""The rows of the results page, written once in Python: the template only prints them. The page
lists 50 rows and a decision form under most of them; the template's own tags, filters and
translations cost ~1.4 ms a row (dataide.formatting.escape)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from applications.decision_forms import DecisionForm, decision_choices
from applications.statuses import ApplicationStatus
from dataide.formatting import csrf_input, escape, format_money
from dataide.reversing import pk_url

from .feedback.services import LETTER_STATUSES
from .models import Recommendation
from .selectors import ResultRow

NO_VALUE = "—"
HUNDREDTHS = Decimal("0.01")


class _Page:
    """What every row of one page shares: labels, links, the form's fixed texts, the CSRF token."""

    def __init__(self, committee, *, can_decide: bool, csrf_token: str):
        # Read once: every amount and tier name of the page asks for it otherwise.
        self.language = get_language()
        self.separator = get_format("DECIMAL_SEPARATOR")
        self.recommendations = [(value, escape(label)) for value, label in Recommendation.choices]
        self._statuses = {}
        final, short = escape(_("final")), escape(_("quorum non atteint"))
        self.final = f'<span class="badge text-bg-success">{final}</span>'
        self.short = f'<span class="badge text-bg-warning">{short}</span>'
        self.letter = escape(_("Lettre de rétroaction"))
        self.can_decide = can_decide
        self._tiers = {}
        if can_decide:
            self.letter_url = pk_url("committees:feedback_letter")
            self.decide_url = pk_url("committees:decide", committee.pk)
            fields = DecisionForm.base_fields
            self.labels = {name: escape(fields[name].label) for name in FIELDS}
            self.reason_help = escape(fields["reason"].help_text)
            self.save = escape(_("Enregistrer la décision"))
            self.token = csrf_input(csrf_token)
            self.summary = _("Décider : %(title)s")
            self._options = {}

    def status(self, value: str) -> str:
        """The status's label, escaped once per status of the page (the raw value if unknown)."""
        if value not in self._statuses:
            label = ApplicationStatus(value).label if value in ApplicationStatus.values else value
            self._statuses[value] = escape(label)
        return self._statuses[value]

    def money(self, amount) -> str:
        # Not escaped: the formatter writes digits, separators and the currency sign only.
        return format_money(amount, self.language)

    def tier(self, tier) -> str:
        """The tier's name, escaped once per tier of the page."""
        if tier.pk not in self._tiers:
            self._tiers[tier.pk] = escape(tier.localized("name", self.language))
        return self._tiers[tier.pk]

    def options(self, status: str, chosen: str) -> str:
        """The decision's <option>s from `status`, `chosen` selected: the same for most rows."""
        if (status, chosen) not in self._options:
            self._options[(status, chosen)] = "".join(
                f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>{escape(label)}</option>'
                for value, label in decision_choices(status)
            )
        return self._options[(status, chosen)]

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
    # A list, not a generator: each step of a generator is one more call, on every row.
    tally = "".join([f"<li>{label} : {result.recommendations.get(value, 0)}</li>" for value, label in page.recommendations])
    status = page.status(application.status)
    if application.amount_awarded:
        status += f"<br>{page.money(application.amount_awarded)}"
    if page.can_decide and application.status in LETTER_STATUSES:
        status += f'<br><a class="small" href="{page.letter_url(application.pk)}">{page.letter}</a>'
    return (
        f'<tr id="demande-{application.pk}"><td>{row.rank}</td>'
        f"<td>{escape(application.title or application.number)}<br><small>{escape(application.organisme.legal_name)}"
        f" · {page.tier(application.tier)}</small></td>"
        f'<td class="text-end">{page.money(application.amount_requested)}</td>'
        f'<td class="text-end">{page.decimal(result.mean)}</td><td class="text-end">{page.decimal(result.spread)}</td>'
        f"<td>{result.count} {page.final if result.quorum_met else page.short}</td>"
        f'<td><ul class="list-unstyled mb-0 small">{tally}</ul></td><td>{status}</td></tr>'
    )


FIELDS = ("decision", "amount", "reason")
_NO_ERRORS = dict.fromkeys(FIELDS, "")


def _errors(errors) -> str:
    return " ".join(escape(error) for error in errors)


def _decision(row: ResultRow, page: _Page, rejected: DecisionForm | None) -> str:
    """The decision form under a decidable row; `rejected`: this row's refused form."""
    application = row.application
    pk = application.pk
    data = rejected.data if rejected is not None else {}
    errors = rejected.errors if rejected is not None else {}
    options = page.options(application.status, data.get("decision", ""))
    amount = data.get("amount", "") if rejected is not None else str(application.amount_requested)
    problems = "".join([
        f'<div class="alert alert-danger" role="alert">{escape(error)}</div>' for error in rejected.non_field_errors()
    ]) if rejected is not None else ""
    # Per field: the markup its errors add (none on most rows, which no decision was refused on).
    invalid = described = feedback = _NO_ERRORS
    if errors:
        invalid = {field: " is-invalid" if errors.get(field) else "" for field in FIELDS}
        described = {field: f' aria-describedby="{field}-{pk}-erreur"' if errors.get(field) else "" for field in FIELDS}
        feedback = {
            field: f'<div class="invalid-feedback" id="{field}-{pk}-erreur">{_errors(errors[field])}</div>'
            if errors.get(field) else ""
            for field in FIELDS
        }

    # The summary's words are the translation's own, the title is escaped (as blocktranslate does).
    summary = page.summary % {"title": escape(application.title or application.number)}
    reason_described = f"reason-{pk}-aide" + (f" reason-{pk}-erreur" if errors.get("reason") else "")
    return (
        f'<tr><td></td><td colspan="7"><details{" open" if errors else ""}><summary>{summary}</summary>'
        f'<form method="post" action="{page.decide_url(pk)}" class="mt-2" novalidate>{page.token}{problems}'
        f'<div class="row g-2"><div class="col-md-3">'
        f'<label class="form-label" for="decision-{pk}">{page.labels["decision"]}</label>'
        f'<select class="form-select form-select-sm{invalid["decision"]}" name="decision" id="decision-{pk}"'
        f'{described["decision"]}>{options}</select>{feedback["decision"]}</div>'
        f'<div class="col-md-3"><label class="form-label" for="amount-{pk}">{page.labels["amount"]}</label>'
        f'<input type="text" inputmode="decimal" class="form-control form-control-sm{invalid["amount"]}" name="amount"'
        f' id="amount-{pk}" value="{escape(amount)}"{described["amount"]}>{feedback["amount"]}</div>'
        f'<div class="col-md-6"><label class="form-label" for="reason-{pk}">{page.labels["reason"]}</label>'
        f'<textarea class="form-control form-control-sm{invalid["reason"]}" name="reason" id="reason-{pk}" rows="2"'
        f' maxlength="2000" aria-describedby="{reason_described}">{escape(data.get("reason", ""))}</textarea>'
        f'{feedback["reason"]}<div class="form-text" id="reason-{pk}-aide">{page.reason_help}</div></div></div>'
        f'<button type="submit" class="btn btn-primary btn-sm mt-2">{page.save}</button></form></details></td></tr>'
    )
