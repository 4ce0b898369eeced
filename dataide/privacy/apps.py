from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Law 25 (Act respecting the protection of personal information in the private sector, CQLR
    c. P-39.1) in the core: the privacy notice, consents, the read log, the incident register and
    the registry through which each domain app declares what it holds. It imports no domain app."""

    name = "dataide.privacy"
    label = "privacy"
    verbose_name = _("Vie privée")

    def ready(self):
        from .privacy import register_core_categories
        from .retention import register_core_rules

        register_core_categories()
        register_core_rules()
