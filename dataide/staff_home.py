"""The staff home (the admin's index) is made of work queues that the apps owning the data
register, so the admin site shows every queue without importing the domain (dependencies run one
way: the page lives in `workspace`, on top; the registry here, in the core every app may use).

How an app adds a panel (agreements, payments, reports, legal requests will):

1. a selector in the app's `selectors.py` that answers the queue in a fixed number of queries,
   limited to `region_ids` (None: the whole program), e.g. with `CompiledQueue` below;
2. a module `<app>/staff_panels.py` (imported by the admin at start-up) with

       @register_panel(order=70, permission="payments.view_payment")
       def payments_due(request, region_ids):
           change = admin_change_urls(Payment)  # reversed once per panel, not per item
           return queue_panel(
               _("Versements à faire"), selectors.payments_due(region_ids),
               lambda row: (str(row), change(row.pk), detail(row)),
               more_url=view_url("admin:payments_payment_changelist"), empty=_("Aucun versement n'est dû."),
           )

   `order` places it in the program's flow (10 screening … 80 messages; leave gaps); the panel
   is skipped for staff without `permission`; return None to leave the panel out.
"""

import functools
from dataclasses import dataclass, field

from django.db.models import IntegerField, OuterRef, Subquery
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dataide.compiled import CompiledQuery
from dataide.formatting import escape
from dataide.reversing import one_where, pk_url

SHOWN = 5
"""Items shown per panel; the count says how many there are in all."""


@dataclass(frozen=True)
class PanelItem:
    label: str
    url: str
    detail: str = ""


@dataclass
class Panel:
    title: str
    count: int
    items: list[PanelItem] = field(default_factory=list)
    more_url: str = ""
    empty: str = ""
    key: str = ""


_PANELS: list[tuple[int, str | None, object]] = []


def register_panel(order: int, permission: str | None = None):
    def decorator(panel):
        _PANELS.append((order, permission, panel))
        _PANELS.sort(key=lambda entry: entry[0])
        return panel

    return decorator


def queue_panel(title: str, queue, item, *, more_url: str = "", empty: str = "") -> Panel:
    """The panel of one queue: `queue` is (count, first rows) from a `CompiledQueue`, or the whole
    list of rows (its length is the count); `item(row)` gives a row's (label, url, detail)."""
    count, rows = queue if isinstance(queue, tuple) else (len(queue), queue)
    return Panel(title=title, count=count, items=[PanelItem(*item(row)) for row in rows[:SHOWN]], more_url=more_url, empty=empty)


def panels_html(panels: list[Panel]) -> SafeString:
    """The page's queues as its template wrote them (tests/workspace/staff_home_reference.html):
    printed here, the template's tags, filters and translations cost the page more Python than
    all its queues' queries (dataide.formatting.escape)."""
    if not panels:
        return mark_safe("")
    queues_title, see_all = escape(_("Le travail à faire")), _("Tout voir : %(title)s")
    html = [
        '<section class="work-queues" aria-labelledby="work-queues-title">',
        f'<h2 id="work-queues-title" class="visually-hidden">{queues_title}</h2>',
    ]
    for panel in panels:
        html.append(f'<div class="module work-panel" id="file-{escape(panel.key)}">')
        html.append(f'<h2><span class="work-count">{_count(panel.count)}</span> {escape(panel.title)}</h2>')
        if panel.items:
            html.append('<ul class="work-items">')
            html.extend(
                f'<li><a href="{escape(item.url)}">{escape(item.label)}</a>'
                + (f'<br><span class="work-detail">{escape(item.detail)}</span>' if item.detail else "") + "</li>"
                for item in panel.items
            )
            html.append("</ul>")
        else:
            html.append(f'<p class="work-empty">{escape(panel.empty)}</p>')
        if panel.more_url:
            more = see_all % {"title": escape(str(panel.title).lower())}
            html.append(f'<p class="work-more"><a href="{escape(panel.more_url)}">{more}</a></p>')
        html.append("</div>")
    html.append("</section>")
    # Every value is escaped where it is written; the markup is ours.
    return mark_safe("\n".join(html))


def _count(count: int) -> str:
    """A count as the template writes it (localize): only from a thousand can the language's
    separators show, and reading them costs some thirty calls."""
    return str(count) if -1000 < count < 1000 else escape(localize(count))


def panels_for(request, region_ids) -> list[Panel]:
    panels = []
    # Several panels ask the same permission: each asked once (the person's answer does not
    # change during the request; Django goes through its backends on every has_perm).
    may = functools.lru_cache(maxsize=None)(request.user.has_perm)
    with one_where():  # the panels' links, in the page's language
        for _order, permission, panel in _PANELS:
            if permission and not may(permission):
                continue
            built = panel(request, region_ids)
            if built is not None:
                built.key = built.key or panel.__name__
                built.items = built.items[:SHOWN]
                panels.append(built)
    return panels


def shared(request, key: str, compute):
    """`compute()` once per page: panels that read the same selector (the committees' progress
    feeds two panels) share its answer instead of running its queries twice."""
    answers = request.__dict__.setdefault("_staff_home_answers", {})
    if key not in answers:
        answers[key] = compute()
    return answers[key]


class RowCount(Subquery):
    """How many rows a queryset has, as a scalar subquery (`RowCount(queryset.values("pk"))`).
    It does not depend on the outer row,
    so the database counts once (on the index of the queue's filter) while the outer query reads
    its first rows only; a window count would join and sort every row of the queue first."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS queue)"
    output_field = IntegerField()


class GroupColumn(Subquery):
    """`model`'s `column` on the row whose id the outer query groups by (`id_of`), as a scalar
    subquery. A queue counted per region or tier groups the applications' own ids (an index-only
    scan) and reads each group's name this way, once per group: joining the regions or tiers
    first made PostgreSQL join every application row and group on their names (3 ms against 1 ms
    for the waiting lists at full scale). It is not grouped on itself (Django would, so
    PostgreSQL would read it once per row): its only outer reference is grouped already."""

    def __init__(self, model, column: str, id_of: str):
        super().__init__(model.objects.filter(pk=OuterRef(id_of)).order_by().values(column))

    def get_group_by_cols(self):
        return []


def _with_total(queryset, shown: int):
    """The queryset's first `shown` rows, every row carrying the total (the count of the whole
    filtered queryset)."""
    return queryset.annotate(queue_total=RowCount(queryset.order_by().values("pk")))[:shown]


def _counted(rows: list) -> tuple[int, list]:
    return (rows[0].queue_total if rows else 0), rows


class CompiledQueue:
    """A queue's length and its first `shown` rows in ONE query, of the queryset `build(**values)`
    makes, its SQL compiled once per shape (dataide.compiled): Django compiling the page's queues
    (subqueries, RowCount, region filters) cost the staff home most of its Python work on every
    visit. `build` takes what changes per request as values (region ids, today, now: never
    computed inside it)."""

    def __init__(self, build, shown: int = SHOWN):
        self._query = CompiledQuery(lambda **values: _with_total(build(**values), shown))

    def first(self, **values) -> tuple[int, list]:
        return _counted(self._query.run(**values))


def admin_change_urls(model):
    """`pk → the admin's change page of that row of model`, reversed once per panel: reversing per
    item read the language, script prefix and URLconf again, some thirty calls a link."""
    meta = model._meta
    return pk_url(f"admin:{meta.app_label}_{meta.model_name}_change")
