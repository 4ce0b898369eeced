from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The pages that combine several domain apps (home, tier pages); it may import every app."""

    name = "portal"
    verbose_name = "Portail"
