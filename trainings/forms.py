from django import forms
from django.utils.translation import gettext_lazy as _

from organismes.models import Organisme

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


class AttendanceFileForm(forms.Form):
    file = forms.FileField(
        label=_("Liste des participants (CSV)"),
        help_text=_("Export de la plateforme de webinaire : colonnes Courriel, Durée (minutes), et si possible NEQ et Nom."),
    )


SKIP = ""


class UnmatchedLineForm(forms.Form):
    """Staff decide what an unmatched participant line is: one of the registered organismes, an
    organisme given by its NEQ, or nothing (skipped)."""

    organisme = forms.ModelChoiceField(
        label=_("Organisme"), queryset=Organisme.objects.none(), required=False, empty_label=_("— Ignorer cette ligne —")
    )
    neq = forms.CharField(label=_("ou NEQ"), required=False, max_length=14)

    def __init__(self, *args, registered=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisme"].queryset = registered if registered is not None else Organisme.objects.none()

    def clean(self):
        cleaned = super().clean()
        neq = "".join(ch for ch in cleaned.get("neq", "") if ch.isdigit())
        if neq and not cleaned.get("organisme"):
            organisme = Organisme.objects.filter(neq=neq).first()
            if organisme is None:
                self.add_error("neq", _("Aucun organisme inscrit n'a ce NEQ."))
            cleaned["organisme"] = organisme
        return cleaned


class SessionAttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Présents"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, enrolments, label=lambda enrolment: enrolment.organisme.legal_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = enrolments
        self.fields["present"].label_from_instance = label
