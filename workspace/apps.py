"""The staff workspace: the admin, as staff use it, starting from the work. It takes the place of
django.contrib.admin in INSTALLED_APPS (same app, our site class) and sits on top of the layers
beside `portal`: it may read every app, and no app imports it."""

from django.contrib.admin.apps import AdminConfig
from django.utils.module_loading import autodiscover_modules


class StaffAdminConfig(AdminConfig):
    default_site = "workspace.sites.StaffAdminSite"

    def ready(self):
        super().ready()
        # Every app's panels of the staff home (`<app>/staff_panels.py`, see dataide.staff_home).
        autodiscover_modules("staff_panels")
