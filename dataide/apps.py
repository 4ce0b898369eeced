from django.apps import AppConfig


class DataideConfig(AppConfig):
    name = "dataide"
    verbose_name = "DATAide"
