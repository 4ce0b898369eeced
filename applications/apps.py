from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Demandes de bourse")

    def ready(self):
        from . import dashboard, documents  # noqa: F401  register the dashboard panel and the award letter
