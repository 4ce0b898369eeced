"""The trainings' panels of the staff home: attendance to import, Nord Ouvert selections."""

from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dataide.formatting import datetime_formatter
from dataide.reversing import pk_url, view_url
from dataide.staff_home import Panel, PanelItem, register_panel

from .selectors import selection_queue, webinars_without_attendance


@register_panel(order=60, permission="trainings.add_webinarattendance")
def imports_to_do(request, region_ids):
    count, webinars = webinars_without_attendance()
    when = datetime_formatter()  # in Montréal time: the hour the webinar was announced at, not UTC's
    return Panel(
        title=_("Présences à importer"),
        count=count,
        items=[
            PanelItem(
                webinar.title,
                pk_url("admin:trainings_webinarsession_import")(webinar.pk),
                when(localtime(webinar.starts_at)),
            )
            for webinar in webinars
        ],
        more_url=view_url("admin:trainings_webinarsession_changelist"),
        empty=_("Les présences de tous les webinaires tenus sont enregistrées."),
    )


@register_panel(order=70, permission="trainings.add_cohortenrolment")
def training_selections(request, region_ids):
    queue = selection_queue(region_ids)
    return Panel(
        title=_("Sélections Nord Ouvert"),
        count=queue.waiting,
        items=[
            PanelItem(
                str(cohort),
                pk_url("admin:trainings_cohort_select")(cohort.pk),
                ngettext("%(count)s place libre", "%(count)s places libres", cohort.seats_left)
                % {"count": cohort.seats_left},
            )
            for cohort in queue.cohorts
        ],
        more_url=view_url("admin:trainings_nordouvertcandidacy_changelist"),
        empty=_("Aucune cohorte n'a de place libre."),
    )
