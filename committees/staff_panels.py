"""The committees' panels of the staff home: to assign, the committees' scoring, to decide."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import ApplicationStatus
from applications.staff_panels import changelist_url
from dataide.formatting import datetime_formatter
from dataide.reversing import pk_url, view_url
from dataide.staff_home import SHOWN, PanelItem, queue_panel, register_panel, shared

from .selectors import committee_progress, to_assign


@register_panel(order=20, permission="committees.add_assignment")
def to_assign_panel(request, region_ids):
    rows = to_assign(region_ids)
    # changelist_url's query string, encoded once: the region's id goes in the middle.
    eligible = changelist_url(status__exact=ApplicationStatus.ELIGIBLE)
    unassigned = "committee_assignment__committee__isnull=True"
    return queue_panel(
        _("À assigner à un comité"), (sum(row["count"] for row in rows), rows),
        lambda row: (
            row["region_name"],
            f"{eligible}&region__id__exact={row['region_id']}&{unassigned}",
            ngettext("%(count)s demande admissible", "%(count)s demandes admissibles", row["count"]) % {"count": row["count"]},
        ),
        more_url=f"{eligible}&{unassigned}",
        empty=_("Toutes les demandes admissibles ont un comité."),
    )


def _progress(request, region_ids):
    return shared(request, "committee_progress", lambda: committee_progress(region_ids))


def _progress_details():
    """`function(progress)` writing a committee's line: its fixed words translated and its date
    format read once per page, not per committee."""
    scorecards, deadline, ready = _("%(submitted)s grilles sur %(expected)s"), _("échéance le %(date)s"), _("prête à décider")
    day = datetime_formatter("DATE_FORMAT")

    def detail(progress) -> str:
        parts = [
            scorecards % {"submitted": progress.submitted, "expected": progress.expected},
            deadline % {"date": day(progress.committee.scoring_deadline)},
        ]
        if progress.quorum_problems:
            parts.append(
                ngettext("%(count)s demande sous le quorum", "%(count)s demandes sous le quorum", progress.quorum_problems)
                % {"count": progress.quorum_problems}
            )
        if progress.closed:
            parts.append(ready)
        return " · ".join(parts)

    return detail


@register_panel(order=30, permission="committees.view_committee")
def committees_panel(request, region_ids):
    detail, url = _progress_details(), pk_url("admin:committees_committee_change")
    return queue_panel(
        _("Comités en évaluation"), _progress(request, region_ids),
        lambda item: (item.committee.name, url(item.committee.pk), detail(item)),
        more_url=view_url("admin:committees_committee_changelist"),
        empty=_("Aucun comité n'a de demande en attente."),
    )


@register_panel(order=40, permission="applications.decide_application")
def to_decide_panel(request, region_ids):
    ready = [item for item in _progress(request, region_ids) if item.closed]
    results = pk_url("committees:results")
    panel = queue_panel(
        _("À décider"), (sum(item.to_decide for item in ready), ready),
        lambda item: (
            item.committee.name, results(item.committee.pk),
            ngettext("%(count)s demande à décider", "%(count)s demandes à décider", item.to_decide) % {"count": item.to_decide},
        ),
        empty=_("Aucun comité n'a terminé son évaluation."),
    )
    if ready:
        # The simulation always shows, in the last place the panel has (the panel lists SHOWN items).
        panel.items = panel.items[: SHOWN - 1] + [PanelItem(
            _("Simuler les octrois"), view_url("committees:simulation"),
            _("les premières demandes de chaque région, sans rien enregistrer"),
        )]
    return panel
