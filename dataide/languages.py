"""The portal's languages, declared once: the settings' LANGUAGE_CODE and LANGUAGES, the language
fields of users, organismes, webinars and e-mails, and every "in both languages" loop read them
from here. French (Canada) first: the program's working language and the fallback."""

# Only the enumeration: the settings import this module before Django's app registry exists.
from django.db.models.enums import TextChoices
from django.utils.translation import gettext_lazy as _


class Language(TextChoices):
    FRENCH = "fr-ca", _("Français")
    ENGLISH = "en", _("English")
