"""The head of an application's admin page: a summary of the file (who, which tier, how much,
where it stands, what to do next) and its neighbours in the queue staff came from, so that a
person working a queue goes from one application to the next without going back to the list.

Later apps add lines to the summary without this app importing them (committees: the committee
and, once scoring is closed, the score) through `ApplicationAdmin.contribute_summary`."""

from copy import copy
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count, F, Max, OrderBy, Window
from django.db.models.functions import Lag, Lead, RowNumber
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from dataide.formatting import format_money

from .statuses import AWARDED_STATUSES, ApplicationStatus

QUEUE_PARAMETER = "_changelist_filters"
"""Django's own parameter: the change list's query string, carried by its links to a change page."""


@dataclass(frozen=True)
class SummaryItem:
    label: str
    value: str
    url: str = ""


def summary_items(application, contributions) -> list[SummaryItem]:
    """The lines of the summary; `contributions` are the later apps' `render(application)`
    functions, each returning SummaryItems (or none)."""
    organisme = application.organisme
    awarded = application.status in AWARDED_STATUSES and application.amount_awarded is not None
    items = [
        SummaryItem(
            _("Organisme"), f"{organisme.legal_name} · {organisme.region}",
            reverse("admin:organismes_organisme_change", args=[organisme.pk]),
        ),
        SummaryItem(_("Volet"), application.tier.localized("name")),
        SummaryItem(
            _("Montant accordé") if awarded else _("Montant demandé"),
            format_money(application.amount_awarded if awarded else application.amount_requested),
        ),
        SummaryItem(_("Statut"), ApplicationStatus(application.status).label),
    ]
    for render in contributions:
        items.extend(render(application))
    items.append(SummaryItem(_("Prochaine action"), ApplicationStatus(application.status).staff_next))
    return items


# --- Neighbours in the queue -------------------------------------------------------------------


@dataclass(frozen=True)
class Neighbour:
    pk: int
    number: str | None
    url: str


@dataclass(frozen=True)
class QueuePosition:
    position: int
    total: int
    previous: Neighbour | None
    next: Neighbour | None
    from_list: bool
    """True when the queue is the list staff filtered; else the application's status queue."""


class QueueChangeList(ChangeList):
    """The change list's filtering, search and ordering without fetching a page of results."""

    def get_results(self, request):
        pass


def _window_order(ordering) -> list:
    expressions = []
    for term in ordering:
        if isinstance(term, OrderBy) or hasattr(term, "resolve_expression"):
            expressions.append(term)
        elif term.startswith("-"):
            expressions.append(F(term[1:]).desc())
        else:
            expressions.append(F(term.lstrip("+")).asc())
    return expressions


def _queue(model_admin, request, query: str):
    """The ordered queryset of the change list that `query` (its query string) shows."""
    queue_request = copy(request)
    queue_request.GET = QueryDict(query)
    queue_request._queue_only = True
    return model_admin.get_changelist_instance(queue_request).queryset


def queue_position(model_admin, request, application) -> QueuePosition | None:
    """Where `application` stands in the list staff came from (its filters, search and order,
    from Django's preserved filters), else in its status queue. Two or three queries, whatever
    the length of the queue: the rank and both neighbours are read by window functions."""
    listed = request.GET.get(QUEUE_PARAMETER, "")
    query = listed or urlencode({"status__exact": application.status})
    try:
        queryset = _queue(model_admin, request, query)
    except IncorrectLookupParameters:
        if not listed:
            return None
        listed, query = "", urlencode({"status__exact": application.status})
        queryset = _queue(model_admin, request, query)
    order = _window_order(queryset.query.order_by)
    row = (
        queryset.annotate(
            previous_pk=Window(Lag("pk"), order_by=order), previous_number=Window(Lag("number"), order_by=order),
            next_pk=Window(Lead("pk"), order_by=order), next_number=Window(Lead("number"), order_by=order),
            rank=Window(RowNumber(), order_by=order), queue_total=Window(Count("pk")),
            # A window over the row itself is its pk: filtering on it keeps the other windows
            # computed over the whole queue (a plain pk filter would run before them).
            row_pk=Window(Max("pk"), partition_by=[F("pk")]),
        )
        .filter(row_pk=application.pk)
        .values("previous_pk", "previous_number", "next_pk", "next_number", "rank", "queue_total")
        .first()
    )
    if row is None:
        return None
    # The list's query string goes on to the neighbours; a status queue is found again from the status.
    carried = "?" + urlencode({QUEUE_PARAMETER: listed}) if listed else ""

    def neighbour(prefix):
        pk = row[f"{prefix}_pk"]
        if pk is None:
            return None
        return Neighbour(pk, row[f"{prefix}_number"], reverse("admin:applications_application_change", args=[pk]) + carried)

    return QueuePosition(row["rank"], row["queue_total"], neighbour("previous"), neighbour("next"), bool(listed))
