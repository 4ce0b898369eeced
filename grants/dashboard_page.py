"""« Après l'octroi », the program dashboard's page of this app (applications.dashboard_pages):
committed vs paid vs remaining per tier, and how many files wait at each post-award step, with
links to those queues.

Scoped as the other pages (applications.reporting): regional staff see the money and the queues
of their regions, while the envelope and what is left of it stay program-wide, one envelope
serving every region. Seven queries at most, whatever the number of grants."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.dashboard_pages import DashboardPage
from programs.admin_scoping import staff_region_ids

from . import admin_filters, ministry, selectors


def after_award_context(request, dashboard) -> dict:
    regions = staff_region_ids(request.user)
    queues = selectors.after_award_queues(regions)
    return {"after_award": {
        "money_rows": [(row, row) for row in selectors.money_by_tier(dashboard.program, region_ids=regions)],
        "queues": [
            (_("Conventions à signer"), queues.to_sign, admin_filters.queue_url(admin_filters.TO_SIGN)),
            (_("dont non signées depuis 30 jours"), queues.unsigned_too_long,
             admin_filters.queue_url(admin_filters.UNSIGNED_TOO_LONG)),
            (_("Versements à faire"), queues.to_pay, admin_filters.queue_url(admin_filters.PAYMENT_DUE)),
            (_("Bilans dus dans les 30 prochains jours"), queues.reports_due_soon, admin_filters.queue_url(admin_filters.REPORT_DUE)),
            (_("Bilans en retard"), queues.reports_overdue, admin_filters.queue_url(admin_filters.REPORT_OVERDUE)),
            (_("Modifications à décider"), queues.amendments,
             reverse("admin:grants_amendment_changelist") + "?status__exact=pending"),
        ],
        "amount_due": queues.amount_due,
        "definitions": ministry.DEFINITIONS,
    }}


AFTER_AWARD_PAGE = DashboardPage(
    slug="apres-octroi", title=_("Après l'octroi"), order=60,
    template="admin/grants/dashboard_after_award.html", context=after_award_context,
)
