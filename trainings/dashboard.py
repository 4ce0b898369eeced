"""The trainings panel of the organisme dashboard: the next webinars, registered or not, with the
buttons to register right there (the program's entry door is one click from the dashboard)."""

from organismes.dashboard import register_panel

from .selectors import webinars_for_organisme

UPCOMING_SHOWN = 3


@register_panel(order=20)
def trainings_panel(request, organisme, membership):
    return "trainings/_dashboard_panel.html", {"webinars": webinars_for_organisme(organisme)[:UPCOMING_SHOWN]}
