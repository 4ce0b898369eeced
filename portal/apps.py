from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The pages that combine several domain apps (home, tier pages); it may import every app."""

    name = "portal"
    verbose_name = "Portail"

    def ready(self):
        from . import dashboard  # noqa: F401  registers the deadlines panel of the organisme dashboard
