"""The admin site of the DATAide team: its index is the staff home, the work queues of the
program in its order (each registered by the app that owns the data, see dataide.staff_home);
its navigation follows the program's flow (workspace.navigation)."""

import uuid

from django.contrib import admin
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dataide.accounts.authz import cached_for
from dataide.staff_home import panels_for, panels_html, shared
from grants.ministry import may_read_ministry_report
from programs.admin_scoping import staff_region_ids

from .navigation import KeptAppList, grouped_app_list, page_entry


def _texts(app_list: list[dict]) -> KeptAppList:
    """The list with its lazy names made text (in the language of the key it is cached under):
    lazy translations of a formatted name do not go into the cache. Named by a key of its own, so
    that the navigation prints it once (workspace.navigation.KeptAppList)."""
    def plain(entry: dict) -> dict:
        return {key: str(value) if isinstance(value, Promise) else value for key, value in entry.items()}

    return KeptAppList([{**plain(group), "models": [plain(model) for model in group["models"]]} for group in app_list], uuid.uuid4().hex)


class StaffAdminSite(admin.AdminSite):
    index_template = "workspace/staff_home.html"

    def index(self, request, extra_context=None):
        panels = panels_for(request, staff_region_ids(request.user))
        return super().index(request, {"work_panels": panels, "work_panels_html": panels_html(panels), **(extra_context or {})})

    def get_app_list(self, request, app_label=None):
        if app_label:  # one app's own page keeps Django's list of that app
            return super().get_app_list(request, app_label)
        # Every admin page shows it (the index twice), and building it asks each model admin for
        # the person's permissions: kept per person under their authorisations' version (any
        # change of groups or permissions replaces it), per language (its names) and staff flag
        # (the ministry report's entry).
        # The index asks twice (its list and the side bar's): read once per request.
        # The kind names the entry's form (a KeptAppList): code of another form never reads it.
        user = request.user
        kind = f"admin-app-list-kept:{get_language()}:{int(user.is_staff)}"
        return shared(request, kind, lambda: cached_for(
            user, kind,
            lambda: _texts(grouped_app_list(super(StaffAdminSite, self).get_app_list(request), self._pages(request))),
        ))

    def _pages(self, request) -> dict[str, list[dict]]:
        if not may_read_ministry_report(request.user):
            return {}
        return {"apres-octroi": [
            page_entry(_("Engagé, versé et restant par volet"), "admin:grants_money"),
            page_entry(_("Rapport au ministère"), "admin:grants_ministry_report"),
        ]}
