"""What each row of the member's dashboard shows, as text made once in Python: the template only
prints it (as committees.results_page does for the results: 50 rows of lookups, filters, an
include and a URL each cost the template ~0.4 ms a row)."""

from dataclasses import dataclass

from django.urls import reverse

from dataide.formatting import format_money


@dataclass(slots=True)
class DashboardLine:
    title: str
    number: str
    organisme: str
    tier: str
    requested: str
    progress: str
    """« todo », « draft » or « submitted »."""
    declared: bool
    """The member answered the conflict question: the link opens the application, else the question."""
    url: str


def dashboard_lines(assignments) -> list[DashboardLine]:
    return [_line(assignment) for assignment in assignments]


def _line(assignment) -> DashboardLine:
    application = assignment.application
    view = "committees:application" if assignment.declared else "committees:conflict"
    return DashboardLine(
        title=application.title or application.number,
        number=application.number,
        organisme=application.organisme.legal_name,
        tier=application.tier.localized("name"),
        requested=format_money(application.amount_requested),
        progress=assignment.progress,
        declared=assignment.declared,
        url=reverse(view, args=[application.pk]),
    )
