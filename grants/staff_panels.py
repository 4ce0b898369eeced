"""The grants' panel of the staff home: the amendment requests waiting for a decision."""

from django.urls import reverse
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from dataide.formatting import format_money
from dataide.staff_home import Panel, PanelItem, admin_change_url, register_panel

from .selectors import amendments_to_decide


@register_panel(order=75, permission="applications.decide_application")
def amendments_panel(request, region_ids):
    count, amendments = amendments_to_decide(region_ids)
    return Panel(
        title=_("Modifications à décider"),
        count=count,
        items=[
            PanelItem(
                f"{amendment.application.number} · {amendment.application.organisme}",
                admin_change_url(amendment),
                _("%(total)s · demandée depuis %(age)s") % {
                    "total": format_money(amendment.total), "age": timesince(amendment.requested_at, depth=1),
                },
            )
            for amendment in amendments
        ],
        more_url=reverse("admin:grants_amendment_changelist") + "?status__exact=pending",
        empty=_("Aucune modification à décider."),
    )
