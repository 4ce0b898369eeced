"""The forms of the applications admin's bulk actions; they parse, the services judge."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .steps import STEPS_BY_TIER

TEXT_MAX = 3000


def _text(label, help_text="", *, required=False):
    return forms.CharField(
        label=label, help_text=help_text, required=required, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
    )


class ReminderForm(forms.Form):
    message = _text(
        _("Message aux organismes"),
        _("Chaque membre le reçoit par courriel, dans la langue de l'organisme."),
        required=True,
    )


class ScreeningForm(forms.Form):
    """What the organisme reads and what stays with staff, each labelled for what it is."""

    message = _text(
        _("Message à l'organisme"),
        _("Affiché dans l'historique de la demande que l'organisme consulte."),
    )
    internal_note = _text(
        _("Note interne (équipe seulement)"),
        _("Jamais montrée à l'organisme : visible seulement dans l'administration."),
    )

    def __init__(self, *args, eligible: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not eligible:
            message = self.fields["message"]
            message.label = _("Motif communiqué à l'organisme")
            message.help_text = _("Envoyé par courriel à chaque membre et affiché dans l'historique de la demande.")
            message.required = True


def _step_choices():
    """Every step of every tier, once, in form order (the service keeps those of each tier)."""
    seen = {}
    for tier_steps in STEPS_BY_TIER.values():
        for step in tier_steps:
            seen.setdefault(step.slug, step.title)
    return list(seen.items())


class InfoRequestForm(forms.Form):
    message = _text(
        _("Information demandée à l'organisme"),
        _("Précisez ce qui manque ; chaque membre le reçoit par courriel et le lit sur la page de la demande."),
        required=True,
    )
    steps = forms.MultipleChoiceField(
        label=_("Étapes à rouvrir"), choices=_step_choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Seules ces étapes pourront être modifiées ; les autres restent fermées."),
    )
    due_on = forms.DateField(
        label=_("À fournir au plus tard le"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Des rappels partent 7 jours et 2 jours avant ; passé cette date, la demande apparaît à l'accueil."),
    )
