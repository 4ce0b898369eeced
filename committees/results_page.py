"""What each row of the results page shows, as text made once in Python: the template only prints
it. The page lists 50 rows and a decision form under most of them; the template's own lookups,
filters and translations cost ~0.3 ms a row (≈ 15 ms a page), these lines cost a tenth."""

from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.urls import reverse

from applications.decision_forms import UNFILLED_DECISION, decision_choices
from applications.statuses import ApplicationStatus
from dataide.formatting import format_money

from .feedback.services import LETTER_STATUSES
from .models import Recommendation
from .selectors import ResultRow

NO_VALUE = "—"


@dataclass(slots=True)
class Decision:
    """The decision form of one row: `form` is the rejected DecisionForm of this row, else the
    page's UNFILLED_DECISION; `choices` the decisions its status allows."""

    action: str
    choices: list
    form: object
    amount: str
    """The amount proposed: what was typed, else the amount requested."""


@dataclass(slots=True)
class ResultLine:
    key: str
    """The application's id, as text: it names the row and its form's fields."""
    rank: int
    title: str
    organisme: str
    tier: str
    requested: str
    mean: str
    spread: str
    count: int
    final: bool
    tally: list
    status: str
    awarded: str
    letter_url: str
    decision: Decision | None


def _decimal(value) -> str:
    return NO_VALUE if value is None else floatformat(value, 2)


def result_lines(rows: list[ResultRow], committee, *, can_decide: bool, failed=None) -> list[ResultLine]:
    """`failed`: (application pk, rejected DecisionForm), shown on that application's row."""
    recommendations = [(value, str(label)) for value, label in Recommendation.choices]
    statuses = {value: str(label) for value, label in ApplicationStatus.choices}
    return [_line(row, committee, can_decide, failed, recommendations, statuses) for row in rows]


def _line(row, committee, can_decide, failed, recommendations, statuses) -> ResultLine:
    application, result = row.application, row.result
    decision = None
    if can_decide and row.can_decide:
        rejected = failed[1] if failed and failed[0] == application.pk else None
        decision = Decision(
            action=reverse("committees:decide", args=[committee.pk, application.pk]),
            choices=decision_choices(application.status),
            form=rejected or UNFILLED_DECISION,
            amount=rejected.data.get("amount", "") if rejected else str(application.amount_requested),
        )
    return ResultLine(
        key=str(application.pk),
        rank=row.rank,
        title=application.title or application.number,
        organisme=application.organisme.legal_name,
        tier=application.tier.localized("name"),
        requested=format_money(application.amount_requested),
        mean=_decimal(result.mean),
        spread=_decimal(result.spread),
        count=result.count,
        final=result.quorum_met,
        tally=[(label, result.recommendations.get(value, 0)) for value, label in recommendations],
        status=statuses.get(application.status, application.status),
        awarded=format_money(application.amount_awarded) if application.amount_awarded else "",
        letter_url=(
            reverse("committees:feedback_letter", args=[application.pk])
            if can_decide and application.status in LETTER_STATUSES else ""
        ),
        decision=decision,
    )
