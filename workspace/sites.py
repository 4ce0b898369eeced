"""The admin site of the DATAide team: its index is the staff home, the work queues of the
program in its order (each registered by the app that owns the data, see dataide.staff_home);
its navigation follows the program's flow (workspace.navigation)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from dataide.staff_home import panels_for
from grants.ministry import may_read_ministry_report
from programs.admin_scoping import staff_region_ids

from .navigation import grouped_app_list, page_entry


class StaffAdminSite(admin.AdminSite):
    index_template = "workspace/staff_home.html"

    def index(self, request, extra_context=None):
        panels = panels_for(request, staff_region_ids(request.user))
        return super().index(request, {"work_panels": panels, **(extra_context or {})})

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        # One app's own page keeps Django's list of that app.
        return app_list if app_label else grouped_app_list(app_list, self._pages(request))

    def _pages(self, request) -> dict[str, list[dict]]:
        if not may_read_ministry_report(request.user):
            return {}
        return {"apres-octroi": [
            page_entry(_("Engagé, versé et restant par volet"), "admin:grants_money"),
            page_entry(_("Rapport au ministère"), "admin:grants_ministry_report"),
        ]}
