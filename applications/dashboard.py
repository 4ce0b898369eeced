"""The applications panel of the organisme dashboard: per tier, may it apply now and why, and its
applications with their status in its words and what happens next."""

from dataide.staff_home import shared
from organismes.dashboard import register_panel
from trainings.dashboard import upcoming_for_dashboard

from .cards import dashboard_panel_html
from .display import applicant_status, next_step
from .eligibility import eligibility_for_all_tiers
from .selectors import dashboard_applications


def _applications(request, organisme) -> list:
    """The organisme's applications, newest first, read once per page: its list and every tier's
    answer (which only looks at the open and awarded ones) share them."""
    return shared(request, f"applications:{organisme.pk}", lambda: dashboard_applications(organisme))


def tier_eligibilities(request, organisme):
    """Every tier's answer, computed once per page: the deadlines panel (portal) reads it too."""
    return shared(request, f"eligibilities:{organisme.pk}", lambda: eligibility_for_all_tiers(
        organisme, applications=_applications(request, organisme),
        upcoming_webinars=upcoming_for_dashboard(request, organisme),
    ))


@register_panel(order=10)
def applications_panel(request, organisme, membership):
    applications = _applications(request, organisme)
    for application in applications:
        application.applicant_status = applicant_status(application.status)
        application.next_step = next_step(application.status)
    eligibilities = tier_eligibilities(request, organisme)
    # The answers stay in the context beside their HTML: what the page said, for its tests.
    return "applications", {
        "html": dashboard_panel_html(request, eligibilities, applications), "eligibilities": eligibilities,
    }
