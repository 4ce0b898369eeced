from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NordOuvertCandidacy, WebinarFeedback

RATING_CHOICES = [(value, str(value)) for value in range(1, 6)]


class CandidacyForm(forms.ModelForm):
    class Meta:
        model = NordOuvertCandidacy
        fields = ["motivation"]
        labels = {"motivation": _("Pourquoi votre organisme veut-il suivre la formation de Nord Ouvert ?")}
        help_texts = {
            "motivation": _("Quelques lignes suffisent : vos besoins numériques, ce que vous aimeriez changer.")
        }


class FeedbackForm(forms.ModelForm):
    usefulness = forms.TypedChoiceField(
        label=_("Utilité pour votre organisme (1 = peu utile, 5 = très utile)"),
        choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect,
    )
    clarity = forms.TypedChoiceField(
        label=_("Clarté des explications (1 = confus, 5 = très clair)"),
        choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect,
    )
    anonymous = forms.BooleanField(
        label=_("Répondre de façon anonyme (l'équipe ne saura pas quel organisme a répondu)"), required=False
    )

    class Meta:
        model = WebinarFeedback
        fields = ["usefulness", "clarity", "most_useful", "suggestions"]
        widgets = {"most_useful": forms.Textarea(attrs={"rows": 3}), "suggestions": forms.Textarea(attrs={"rows": 3})}


class SessionAttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Présents"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, enrolments, label=lambda enrolment: enrolment.organisme.legal_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = enrolments
        self.fields["present"].label_from_instance = label
