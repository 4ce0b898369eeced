from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    """After the award: the agreement, the payments, the final report and closing."""

    name = "grants"
    verbose_name = _("Suivi des bourses")

    def ready(self):
        from applications.dashboard_pages import register_dashboard_page
        from applications.decisions import register_award_hook

        from .dashboard_page import AFTER_AWARD_PAGE
        from .services import create_agreement

        # The applications app cannot import us: the award calls this hook in its transaction, and
        # the program dashboard shows our page from its registry.
        register_award_hook(create_agreement)
        register_dashboard_page(AFTER_AWARD_PAGE)
