"""The program dashboard is a set of short pages (reach · tiers · regions · years · queues), each
a template of charts followed by their tables, over the same figures (applications.reporting).
The PDF puts every page one after the other.

A later app adds its page without this app importing it (grants: « Après l'octroi », committed,
paid, remaining) by registering it from its AppConfig.ready():

    register_dashboard_page(DashboardPage(
        slug="apres-octroi", title=_("Après l'octroi"), order=60,
        template="admin/grants/dashboard_after_award.html",
        context=lambda request, dashboard: {"after_award": selectors.after_award(staff_region_ids(request.user))},
    ))

`context(request, dashboard)` returns what the template needs beyond `dashboard` and `charts`, in
a fixed number of queries (the dashboard's query test holds every page to it)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DashboardPage:
    slug: str
    title: str
    template: str
    order: int
    context: Callable | None = None


_PAGES: dict[str, DashboardPage] = {}


def register_dashboard_page(page: DashboardPage) -> DashboardPage:
    _PAGES[page.slug] = page
    return page


def dashboard_pages() -> list[DashboardPage]:
    return sorted(_PAGES.values(), key=lambda page: page.order)


def dashboard_page(slug: str | None) -> DashboardPage | None:
    """The page of `slug`; None (no slug) is the first page."""
    pages = dashboard_pages()
    return pages[0] if slug is None else _PAGES.get(slug)


def page_context(page: DashboardPage, request, dashboard) -> dict:
    return page.context(request, dashboard) if page.context else {}


for _order, (_slug, _title) in enumerate([
    ("portee", _("Portée")), ("volets", _("Volets")), ("regions", _("Régions")), ("annees", _("Années")),
    ("files", _("Files d'attente")),
], start=1):
    register_dashboard_page(DashboardPage(_slug, _title, f"admin/dataide/dashboard/{_slug}.html", order=_order * 10))
