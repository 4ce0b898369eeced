"""The post-award queues as one filter of the agreements' admin list (« suivi »): the staff home's
panels and the program dashboard link to them, and each is answered by the selector that
counts it, so a count and its list never disagree."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from dataide.reversing import view_url

from . import selectors

TO_SIGN = "a-signer"
UNSIGNED_TOO_LONG = "non-signee-30-jours"
PAYMENT_DUE = "versement-du"
REPORT_DUE = "bilan-du"
REPORT_OVERDUE = "bilan-en-retard"


QUEUES = {
    TO_SIGN: (_("À signer"), lambda: selectors.agreements_to_sign().values("pk")),
    UNSIGNED_TOO_LONG: (_("Non signée depuis 30 jours"), lambda: selectors.agreements_unsigned_too_long().values("pk")),
    PAYMENT_DUE: (_("Versement dû"), lambda: [agreement.pk for agreement, _amount in selectors.payments_due()]),
    REPORT_DUE: (
        _("Bilan dû dans 30 jours ou en retard"),
        lambda: [agreement.pk for agreement, _due_on in selectors.reports_due_soon_or_overdue()],
    ),
    REPORT_OVERDUE: (_("Bilan en retard"), lambda: [agreement.pk for agreement in selectors.reports_overdue()]),
}


def queue_url(queue: str) -> str:
    return view_url("admin:grants_agreement_changelist") + f"?suivi={queue}"


class FollowUpFilter(admin.SimpleListFilter):
    title = _("suivi")
    parameter_name = "suivi"

    def lookups(self, request, model_admin):
        return [(slug, label) for slug, (label, _rows) in QUEUES.items()]

    def queryset(self, request, queryset):
        # The admin's own queryset already limits regional staff to their regions.
        if self.value() in QUEUES:
            return queryset.filter(pk__in=QUEUES[self.value()][1]())
        return queryset
