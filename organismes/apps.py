from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganismesConfig(AppConfig):
    name = "organismes"
    verbose_name = _("Organismes")
