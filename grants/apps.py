from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    """After the award: the agreement, the payments, the final report and closing."""

    name = "grants"
    verbose_name = _("Suivi des bourses")

    def ready(self):
        from applications.decisions import register_award_hook

        from .services import create_agreement

        # The applications app cannot import us: the award calls this hook in its transaction.
        register_award_hook(create_agreement)
