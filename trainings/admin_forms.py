"""Forms of the trainings admin: the limits, the import wizard, manual attendance, selections."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organismes.models import Organisme

from . import selectors, services
from .models import Leader, TrainingLimits


class TrainingLimitsForm(forms.ModelForm):
    class Meta:
        model = TrainingLimits
        fields = ["nord_ouvert_seats", "leadership_lab_places"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                services.check_training_limits(program=self.instance.program, **cleaned)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class ManualAttendanceForm(forms.Form):
    organisme = forms.ModelChoiceField(label=_("Organisme"), queryset=Organisme.objects.all())
    minutes = forms.IntegerField(label=_("Minutes de présence (facultatif)"), required=False, min_value=0)


class AttendanceFileForm(forms.Form):
    file = forms.FileField(
        label=_("Rapport des participants"),
        help_text=_(
            "Tel que la plateforme le donne : le rapport des participants (« Attendee Report ») d'un webinaire Zoom, "
            "le rapport de présence de Microsoft Teams, ou un CSV aux colonnes Courriel, Durée (minutes), et si "
            "possible NEQ et Nom."
        ),
    )


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


class CandidateSelectionForm(forms.Form):
    organismes = forms.ModelMultipleChoiceField(
        label=_("Organismes candidats sans place"), queryset=Organisme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organismes"].queryset = selectors.candidates_without_seat()


class LeaderSelectionForm(forms.Form):
    leaders = forms.ModelMultipleChoiceField(
        label=_("Leaders sans place au laboratoire"),
        queryset=Leader.objects.filter(lab_enrolment__isnull=True).select_related("organisme"),
        widget=forms.CheckboxSelectMultiple,
    )
