from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Formations")

    def ready(self):
        from . import dashboard  # noqa: F401  registers the organisme dashboard panel
        from .privacy import register_categories

        register_categories()  # what it holds (dataide.privacy)
