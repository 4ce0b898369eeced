from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganismesConfig(AppConfig):
    name = "organismes"
    verbose_name = _("Organismes")

    def ready(self):
        from .privacy import register_categories

        register_categories()  # what it holds, for « Ce que nous détenons » and the ZIP
