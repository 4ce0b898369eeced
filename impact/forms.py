from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Indicator


class ShareForm(forms.Form):
    """Every field optional but one way of naming what is shared; the service says what is missing."""

    application = forms.TypedChoiceField(label=_("Projet financé"), coerce=int)
    indicator = forms.ModelChoiceField(
        label=_("Indicateur proposé"), queryset=Indicator.objects.filter(active=True), required=False,
        empty_label=_("— Aucun : je nomme le mien —"),
    )
    own_label = forms.CharField(label=_("Ou votre propre indicateur"), max_length=200, required=False)
    value = forms.DecimalField(label=_("Valeur"), max_digits=12, decimal_places=2, required=False, localize=True)
    answer = forms.CharField(
        label=_("En quelques mots"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [(a.pk, a.number or a.title) for a in applications]
        language = get_language() or "fr-ca"
        self.fields["indicator"].label_from_instance = lambda indicator: indicator.label(language)
