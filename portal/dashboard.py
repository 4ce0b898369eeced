"""The deadlines panel of the organisme dashboard: the closing dates of the tiers open to it and
the due dates of its final reports, with the days left. It reads applications (eligibility) and
grants (reports), so it lives here, above both, and registers itself on the dashboard the
organismes app shows without importing either (organismes.dashboard).

Written from Python: the template's `date` filters and its loop cost the panel more than its
rows. The HTML is what portal/_deadlines_panel.html wrote (tests/portal/deadlines_panel_reference.html,
compared in tests/portal/test_deadlines.py); translations are written as `{% translate %}`
writes them (not escaped: they are ours)."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from applications.dashboard import tier_eligibilities
from applications.statuses import ApplicationStatus as S
from dataide.compiled import CompiledQuery
from dataide.formatting import days_left, escape, long_date
from grants.models import Agreement, ReportStatus
from grants.services import REPORTABLE_STATUSES, report_due_on
from organismes.dashboard import register_panel


@dataclass(frozen=True)
class Deadline:
    label: str
    due_on: date
    url: str
    days_left: str
    overdue: bool


def _deadline(label, due_on, url, today) -> Deadline:
    return Deadline(label=label, due_on=due_on, url=url, days_left=days_left(due_on, today), overdue=due_on < today)


def tier_deadlines(request, organisme, today) -> list[tuple[str, date, object]]:
    """Tiers whose gate is open to the organisme and whose window is open, while it may still
    apply or has a draft there: (tier, closing date, open draft or None)."""
    found = []
    for answer in tier_eligibilities(request, organisme):
        tier, draft = answer.tier, answer.open_application
        if not answer.gate.is_open or not tier.is_window_open(today):
            continue
        if draft is not None and draft.status != S.DRAFT:
            continue  # submitted: the closing date no longer concerns it
        found.append((tier, tier.window_closes_on, draft))
    return found


def _reports_due(organisme_pk):
    return (
        Agreement.objects.filter(
            application__organisme=organisme_pk, signed_at__isnull=False, application__status__in=REPORTABLE_STATUSES,
        )
        .exclude(application__final_report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
        .select_related("application")
        # What the due date and the line need: not the agreement's texts nor the application's answers.
        .only("signed_at", "report_due_months", "application__number")
    )


_REPORTS_DUE = CompiledQuery(_reports_due)  # the same SQL on every dashboard: compiled once


def report_deadlines(organisme):
    """Signed agreements whose final report is not in yet, with its due date."""
    return [(agreement.application, report_due_on(agreement)) for agreement in _REPORTS_DUE.run(organisme_pk=organisme.pk)]


@register_panel(order=5)
def deadlines_panel(request, organisme, membership):
    today = timezone.localdate()
    deadlines = [
        _deadline(
            _("Fermeture des demandes %(tier)s") % {"tier": tier.localized("name")}, closes_on,
            reverse("applications:detail", args=[draft.pk]) if draft else reverse("portal:tier_detail", args=[tier.code]),
            today,
        )
        for tier, closes_on, draft in tier_deadlines(request, organisme, today)
    ]
    deadlines += [
        _deadline(
            _("Bilan de la demande %(number)s") % {"number": application.number}, due_on,
            reverse("grants:report", args=[application.pk]), today,
        )
        for application, due_on in report_deadlines(organisme)
    ]
    deadlines.sort(key=lambda deadline: deadline.due_on)
    # The deadlines stay in the context beside their HTML: what the page said, for its tests.
    return "deadlines", {"html": deadlines_html(deadlines), "deadlines": deadlines}


def deadlines_html(deadlines: list[Deadline]) -> str:
    """The panel's list, nothing when there is no deadline."""
    if not deadlines:
        return ""
    title = _("Vos échéances")  # outside the f-string: xgettext does not read inside one
    danger = ' class="text-danger"'
    items = "".join(
        '<li class="list-group-item d-flex flex-wrap justify-content-between gap-2">'
        f'<a href="{escape(deadline.url)}">{escape(deadline.label)}</a>'
        f'<span><time datetime="{deadline.due_on.isoformat()}">{escape(long_date(deadline.due_on))}</time> · '
        f'<strong{danger if deadline.overdue else ""}>{escape(deadline.days_left)}</strong></span></li>'
        for deadline in deadlines
    )
    return mark_safe(  # every value escaped
        '<section aria-labelledby="titre-echeances" class="mb-4" data-testid="deadlines">'
        f'<h2 id="titre-echeances" class="h4">{title}</h2><ul class="list-group">{items}</ul></section>'
    )
