"""The applications' panels of the staff home: to screen, questions to answer, and the waiting lists."""

from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dataide.formatting import age_formatter, datetime_formatter
from dataide.reversing import pk_url, view_url
from dataide.staff_home import admin_change_urls, queue_panel, register_panel

from .conversation.selectors import first_questions_waiting
from .decision_reviews.selectors import pending_reviews
from .models import Application, ApplicationStatus
from .selectors import SCREENING_QUEUE_STATUSES, overdue_info_requests, screening_queue, waitlists


def changelist_url(**filters) -> str:
    """The admin's application list with `filters` (its list filters' parameters) applied."""
    return view_url("admin:applications_application_changelist") + ("?" + urlencode(filters) if filters else "")


def file_label(application) -> str:
    """How a panel names an application: its number (a draft has none yet) and its organisme."""
    number = application.number or _("(brouillon)")
    return f"{number} · {application.organisme}"


@register_panel(order=10, permission="applications.change_application")
def to_screen(request, region_ids):
    # Translated and the time read once per page, not per item.
    submitted, age, change = _("%(tier)s · soumise depuis %(age)s"), age_formatter(), admin_change_urls(Application)
    return queue_panel(
        _("À vérifier"), screening_queue(region_ids),
        lambda application: (
            file_label(application), change(application.pk),
            submitted % {"tier": application.tier, "age": age(application.submitted_at)}
            if application.submitted_at else str(application.tier),
        ),
        more_url=changelist_url(status__in=",".join(SCREENING_QUEUE_STATUSES)),
        empty=_("Aucune demande à vérifier."),
    )


@register_panel(order=15, permission="applications.change_application")
def info_requests_overdue(request, region_ids):
    expected, day, change = _("attendu le %(date)s : admissible ou non ?"), datetime_formatter("DATE_FORMAT"), admin_change_urls(Application)
    return queue_panel(
        _("Compléments d'information en retard"), overdue_info_requests(region_ids),
        lambda application: (file_label(application), change(application.pk), expected % {"date": day(application.info_due_on)}),
        more_url=changelist_url(status__exact=ApplicationStatus.INFO_REQUESTED),
        empty=_("Aucun complément d'information en retard."),
    )


@register_panel(order=50, permission="applications.view_application")
def waiting_lists(request, region_ids):
    rows = waitlists(region_ids)
    every_list = changelist_url(status__exact=ApplicationStatus.WAITLISTED)
    return queue_panel(
        _("Listes d'attente"), (sum([row["count"] for row in rows]), rows),  # applications waiting, not lists
        lambda row: (
            f"{row['tier']} · {row['region__name']}",
            # changelist_url's query string, its last two filters being ids: written, not encoded.
            f"{every_list}&tier__id__exact={row['tier_id']}&region__id__exact={row['region_id']}",
            _("%(count)s en attente") % {"count": row["count"]},
        ),
        more_url=every_list,
        empty=_("Aucune liste d'attente."),
    )


def _review_detail(review) -> str:
    age = ngettext("reçue il y a %(age)s jour", "reçue il y a %(age)s jours", review.age) % {"age": review.age}
    if review.days_left >= 0:
        left = ngettext("%(left)s jour restant", "%(left)s jours restants", review.days_left) % {"left": review.days_left}
    else:
        left = _("en retard de %(late)s jours") % {"late": -review.days_left}
    return f"{age} · {left}"


@register_panel(order=45, permission="applications.review_decision")
def decision_reviews(request, region_ids):
    review_url = pk_url("committees:decision_review")
    return queue_panel(
        _("Demandes de révision à traiter"), pending_reviews(region_ids),
        lambda review: (file_label(review.application), review_url(review.pk), _review_detail(review)),
        more_url=view_url("admin:applications_decisionreview_changelist"),
        empty=_("Aucune demande de révision en attente."),
    )


@register_panel(order=15, permission="applications.change_application")
def questions_to_answer(request, region_ids):
    """The organismes' questions the team has not answered yet, the oldest first."""
    asked, age, thread = _("question posée depuis %(age)s"), age_formatter(), pk_url("applications:conversation_staff:thread")
    return queue_panel(
        _("Questions à répondre"), first_questions_waiting(region_ids),
        lambda application: (file_label(application), thread(application.pk), asked % {"age": age(application.waiting_since)}),
        empty=_("Aucune question en attente."),
    )
