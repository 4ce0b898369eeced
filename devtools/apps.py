from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Demo data, the scale data set and the benchmark harness: development tools, not the product."""

    name = "devtools"
    verbose_name = "Outils de développement"
