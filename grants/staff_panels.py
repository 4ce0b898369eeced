"""The post-award panels of the staff home: agreements to sign, payments due, amendments to decide,
final reports due soon or overdue — each a count and its first items, one click from the work, within the regions
of regional staff (dataide.staff_home)."""

from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.staff_panels import file_label
from applications.statuses import ApplicationStatus as S
from dataide.formatting import age_formatter, datetime_formatter, money_formatter
from dataide.reversing import view_url
from dataide.staff_home import admin_change_urls, queue_panel, register_panel, shared

from . import selectors
from .admin_filters import PAYMENT_DUE, REPORT_DUE, TO_SIGN, queue_url
from .models import Agreement, Amendment


def _agreements(request, region_ids):
    """The three queues of agreements come from one query, shared by their panels."""
    return shared(request, "agreement_queues", lambda: selectors.agreement_queues(region_ids))


def _signature_details():
    """`function(agreement)` writing its line, the words translated once per page."""
    generated, age = _("générée depuis %(age)s"), age_formatter()
    remind = " · " + _("non signée depuis 30 jours : relancer")

    def detail(agreement) -> str:
        # The 30-day queue of the issue, flagged by the same selector as the agreements list's filter.
        return generated % {"age": age(agreement.generated_at)} + (remind if agreement.unsigned_too_long else "")

    return detail


@register_panel(order=72, permission="grants.view_agreement")
def agreements_to_sign(request, region_ids):
    detail, change = _signature_details(), admin_change_urls(Agreement)
    return queue_panel(
        _("Conventions à signer"), _agreements(request, region_ids).to_sign,
        lambda agreement: (file_label(agreement.application), change(agreement.pk), detail(agreement)),
        more_url=queue_url(TO_SIGN),
        empty=_("Aucune convention n'attend de signature."),
    )


def _step(agreement) -> str:
    if agreement.application.status in (S.REPORT_RECEIVED, S.CLOSED):
        return _("versement après l'acceptation du bilan")
    return _("versement à la signature")


@register_panel(order=74, permission="grants.add_payment")
def payments_due(request, region_ids):
    add, money = view_url("admin:grants_payment_add"), money_formatter()
    return queue_panel(
        _("Versements à faire"), _agreements(request, region_ids).payments_due,
        lambda due: (
            file_label(due[0].application),
            add + "?" + urlencode({"application": due[0].application_id}),
            f"{money(due[1])} · {_step(due[0])}",
        ),
        more_url=queue_url(PAYMENT_DUE),
        empty=_("Aucun versement n'est dû."),
    )


@register_panel(order=76, permission="grants.view_finalreport")
def reports_due(request, region_ids):
    today, day, change = timezone.localdate(), datetime_formatter("DATE_FORMAT"), admin_change_urls(Agreement)

    def detail(due_on):
        if due_on < today:
            days = (today - due_on).days
            return ngettext("en retard de %(days)s jour", "en retard de %(days)s jours", days) % {"days": days}
        return _("dû le %(date)s") % {"date": day(due_on)}

    return queue_panel(
        _("Bilans dus bientôt ou en retard"),
        selectors.due_soon_or_overdue(_agreements(request, region_ids).reports_not_in, today),
        lambda due: (file_label(due[0].application), change(due[0].pk), detail(due[1])),
        more_url=queue_url(REPORT_DUE),
        empty=_("Aucun bilan n'est dû dans les 30 prochains jours."),
    )


@register_panel(order=75, permission="applications.decide_application")
def amendments_panel(request, region_ids):
    requested, money, age, change = (
        _("%(total)s · demandée depuis %(age)s"), money_formatter(), age_formatter(), admin_change_urls(Amendment)
    )
    return queue_panel(
        _("Modifications à décider"), selectors.amendments_to_decide(region_ids),
        lambda amendment: (
            file_label(amendment.application), change(amendment.pk),
            requested % {"total": money(amendment.total), "age": age(amendment.requested_at)},
        ),
        more_url=view_url("admin:grants_amendment_changelist") + "?status__exact=pending",
        empty=_("Aucune modification à décider."),
    )
