"""The staff home's panel of privacy requests and their legal deadline (30 days, P-39.1 s. 32)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dataide.reversing import view_url
from dataide.staff_home import Panel, PanelItem, admin_change_urls, register_panel

from .models import PrivacyRequest
from .selectors import open_requests


def deadline(due_on, today) -> str:
    days = (due_on - today).days
    when = date_format(due_on, "j F Y")
    if days < 0:
        return ngettext(
            "réponse due le %(date)s : en retard de %(days)s jour",
            "réponse due le %(date)s : en retard de %(days)s jours", -days,
        ) % {"date": when, "days": -days}
    if days == 0:
        return _("réponse due aujourd'hui (%(date)s)") % {"date": when}
    return ngettext(
        "réponse due le %(date)s, dans %(days)s jour", "réponse due le %(date)s, dans %(days)s jours", days,
    ) % {"date": when, "days": days}


@register_panel(order=85, permission="privacy.change_privacyrequest")
def privacy_requests(request, region_ids):
    if region_ids is not None:
        return None  # requests are the program's, not a region's (they name a person, not always an organisme)
    count, requests = open_requests()
    today, change = timezone.localdate(), admin_change_urls(PrivacyRequest)
    return Panel(
        title=_("Demandes sur les renseignements personnels"),
        count=count,
        items=[
            PanelItem(
                f"{privacy_request.get_kind_display()} · {privacy_request.requester_email}",
                change(privacy_request.pk), deadline(privacy_request.due_on, today),
            )
            for privacy_request in requests
        ],
        more_url=view_url("admin:privacy_privacyrequest_changelist") + "?answered_on__isempty=1",
        empty=_("Aucune demande en attente de réponse."),
    )
