"""The trainings panel of the organisme dashboard: the next webinars, registered or not, with the
buttons to register right there (the program's entry door is one click from the dashboard)."""

from django.utils import timezone

from dataide.compiled import CompiledQuery
from dataide.staff_home import shared
from organismes.dashboard import register_panel

from .gates import NEXT_WEBINARS_SHOWN
from .selectors import webinars_for_organisme

UPCOMING_SHOWN = 3


# The same SQL on every dashboard (seats counted, the registration as a subquery): compiled once.
_UPCOMING = CompiledQuery(
    lambda organisme_pk, now: webinars_for_organisme(organisme_pk, now)[:max(UPCOMING_SHOWN, NEXT_WEBINARS_SHOWN)]
)


def upcoming_for_dashboard(request, organisme) -> list:
    """The next webinars with the organisme's registration, read once per page: this panel and
    the webinar gate's next dates (applications' eligibility) share them."""
    return shared(request, f"upcoming-webinars:{organisme.pk}", lambda: _UPCOMING.run(
        organisme_pk=organisme.pk, now=timezone.now()
    ))


@register_panel(order=20)
def trainings_panel(request, organisme, membership):
    return "trainings/_dashboard_panel.html", {"webinars": upcoming_for_dashboard(request, organisme)[:UPCOMING_SHOWN]}
