"""Amounts in the admin read as people read them: « 4 999,50 $ » in French, « $4,999.50 » in
English (the admin alone printed « 4999,50 »)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from applications.models import ApplicationStatus as S
from tests.applications.pages import page
from tests.staff.factories import signed_in_team, submitted_application

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "requested", "awarded", "tier_max"), [
    ("fr-ca", "4\u00a0999,50\u00a0$", "4\u00a0000\u00a0$", "5\u00a0000\u00a0$"),
    ("en", "$4,999.50", "$4,000", "$5,000"),
])
def test_admin_lists_and_pages_show_money(client, language, requested, awarded, tier_max):
    signed_in_team(client)
    application = submitted_application(
        "AMO-2026-0007", status=S.AWARDED, amount_requested=Decimal("4999.50"), amount_awarded=Decimal("4000"),
    )
    with translation.override(language):
        applications = reverse("admin:applications_application_changelist")
        tiers = reverse("admin:programs_granttier_changelist")
        organisme = reverse("admin:organismes_organisme_change", args=[application.organisme_id])
    html = page(client.get(applications))
    assert requested in html and awarded in html
    assert "4999,50" not in html and "4999.50" not in html
    assert tier_max in page(client.get(tiers))
    assert requested in page(client.get(organisme))  # the organisme's applications inline
