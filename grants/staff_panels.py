"""The post-award panels of the staff home: agreements to sign, payments due, amendments to decide,
final reports due soon or overdue — each a count and its first items, one click from the work, within the regions
of regional staff (dataide.staff_home)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.statuses import ApplicationStatus as S
from dataide.formatting import format_money
from dataide.staff_home import Panel, PanelItem, admin_change_url, first_of_queue, register_panel

from . import selectors


def _label(agreement) -> str:
    return f"{agreement.application.number} · {agreement.application.organisme}"


@register_panel(order=72, permission="grants.view_agreement")
def agreements_to_sign(request, region_ids):
    # The 30-day queue of the issue: the same rule as the agreements list's filter.
    count, agreements = first_of_queue(selectors.agreements_to_sign_flagged(region_ids))

    def detail(agreement):
        age = _("générée depuis %(age)s") % {"age": timesince(agreement.generated_at, depth=1)}
        return age + (" · " + _("non signée depuis 30 jours : relancer") if agreement.unsigned_too_long else "")

    return Panel(
        title=_("Conventions à signer"),
        count=count,
        items=[PanelItem(_label(agreement), admin_change_url(agreement), detail(agreement)) for agreement in agreements],
        more_url=reverse("admin:grants_agreement_changelist") + "?suivi=non-signee-30-jours",
        empty=_("Aucune convention n'attend de signature."),
    )


def _step(agreement) -> str:
    if agreement.application.status in (S.REPORT_RECEIVED, S.CLOSED):
        return _("versement après l'acceptation du bilan")
    return _("versement à la signature")


@register_panel(order=74, permission="grants.add_payment")
def payments_due(request, region_ids):
    due = selectors.payments_due(region_ids)
    return Panel(
        title=_("Versements à faire"),
        count=len(due),
        items=[
            PanelItem(
                _label(agreement),
                reverse("admin:grants_payment_add") + "?" + urlencode({"application": agreement.application_id}),
                f"{format_money(amount)} · {_step(agreement)}",
            )
            for agreement, amount in due
        ],
        more_url=reverse("admin:grants_agreement_changelist"),
        empty=_("Aucun versement n'est dû."),
    )


@register_panel(order=76, permission="grants.view_finalreport")
def reports_due(request, region_ids):
    today = timezone.localdate()
    due = selectors.reports_due_soon_or_overdue(today=today, region_ids=region_ids)

    def detail(due_on):
        if due_on < today:
            days = (today - due_on).days
            return ngettext("en retard de %(days)s jour", "en retard de %(days)s jours", days) % {"days": days}
        return _("dû le %(date)s") % {"date": date_format(due_on, "DATE_FORMAT")}

    return Panel(
        title=_("Bilans dus bientôt ou en retard"),
        count=len(due),
        items=[PanelItem(_label(agreement), admin_change_url(agreement), detail(due_on)) for agreement, due_on in due],
        more_url=reverse("admin:grants_finalreport_changelist"),
        empty=_("Aucun bilan n'est dû dans les 30 prochains jours."),
    )


@register_panel(order=75, permission="applications.decide_application")
def amendments_panel(request, region_ids):
    count, amendments = selectors.amendments_to_decide(region_ids)
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
