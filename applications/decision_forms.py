"""The one decision form of both decision screens (the admin's application page and the committee
results page). It only parses what was typed; `decisions.decide` judges every rule, the amount's
included."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dataide.forms import MoneyField

from . import decisions
from .statuses import Decision, decisions_for


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Décision"), choices=Decision.choices)
    # Typed the Quebec way (« 4 200,50 », « 1 200 $ ») or the English way, like every amount.
    amount = MoneyField(label=_("Montant accordé ($)"), required=False)
    reason = forms.CharField(
        label=_("Motif communiqué à l'organisme"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Requis pour un refus ou une annulation. Écrivez-le avec respect : l'organisme le lira."),
    )

    def __init__(self, *args, status: str | None = None, **kwargs):
        """`status`: offer only the decisions the status table allows from it."""
        super().__init__(*args, **kwargs)
        if status is not None:
            self.fields["decision"].choices = decision_choices(status)

    def decide(self, *, actor, application):
        """Hand what was typed to the decision service (which may refuse: ValidationError)."""
        data = self.cleaned_data
        return decisions.decide(
            actor=actor, application=application, decision=data["decision"], amount=data["amount"], reason=data["reason"]
        )

    def add_decision_error(self, error) -> None:
        """Show the service's refusal beside the field it is about (by its code), else above."""
        for problem in error.error_list:
            self.add_error(ERROR_FIELDS.get(problem.code), problem)


# The decision service's error codes that belong to one field of the form.
ERROR_FIELDS = {
    "amount_required": "amount",
    "amount_invalid": "amount",
    "amount_not_positive": "amount",
    "amount_above_requested": "amount",
    "amount_above_tier_max": "amount",
    "reason_required": "reason",
    "decision_required": "decision",
}


def decision_choices(status: str) -> list[tuple[str, str]]:
    return [(decision.value, decision.label) for decision in decisions_for(status)]
