"""Unauthorised actors for the portal's service: a regional Centraide's staff (staff, but without
the help pages' permission) may not rewrite a help page."""

from portal import services
from portal.models import HelpPage
from tests.staff.factories import regional_staff


def _save_help_page():
    page = HelpPage.objects.get(slug="glossaire")
    page.body_fr = "Réécrit."
    services.save_help_page(actor=regional_staff(), page=page, fields=["body_fr"])


CASES = {
    "portal.services.save_help_page": _save_help_page,
}
