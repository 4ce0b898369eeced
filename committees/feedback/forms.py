from django import forms
from django.utils.translation import gettext_lazy as _


class FeedbackLetterForm(forms.Form):
    strengths = forms.CharField(
        label=_("Les forces de la demande"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Reprenez et reformulez les passages des commentaires à transmettre. Aucun nom de membre."),
    )
    improvements = forms.CharField(
        label=_("Ce qui pourrait être amélioré"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
    )
    next_steps = forms.CharField(label=_("Et maintenant ?"), widget=forms.Textarea(attrs={"rows": 4}))
