from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    """Voluntary impact information, shared by an organisme after an award. Nothing that scores or
    decides imports this app (import-linter's contracts in pyproject.toml say so): impact never
    decides amounts, as the sector asked."""

    name = "impact"
    verbose_name = _("Impact (volontaire)")

    def ready(self):
        from .privacy import register_categories

        register_categories()
