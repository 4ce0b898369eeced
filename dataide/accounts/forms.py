from django import forms
from django.utils.translation import gettext_lazy as _

from .services import NAME_MAX_LENGTH


class NameForm(forms.Form):
    full_name = forms.CharField(
        label=_("Votre nom"), max_length=NAME_MAX_LENGTH,
        help_text=_("Prénom et nom, tels que votre équipe et l'équipe DATAide les verront."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
