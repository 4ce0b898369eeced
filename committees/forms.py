from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import SCORE_LEVELS, GrantTier

from .aggregation import NOT_APPLICABLE_HELP
from .models import DECLARABLE_REASONS, Recommendation
from .services import Mark

NOT_APPLICABLE = "na"
# A simulation beyond this many per region funds more than any tier's quota allows anyway.
MAX_SIMULATED_PER_REGION = 500


class ConflictForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Avez-vous un conflit d'intérêts avec cet organisme ou ce projet ?"),
        help_text=_(
            "Par exemple : vous travaillez ou avez travaillé pour l'organisme ou avec lui, vous siégez à son "
            "conseil d'administration, un proche y travaille, ou vous êtes concerné par le projet."
        ),
        choices=[("no", _("Non, je n'ai pas de conflit d'intérêts")), ("yes", _("Oui, j'ai un conflit d'intérêts"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Nature du conflit d'intérêts (si vous en avez un)"),
        choices=[("", "—"), *DECLARABLE_REASONS],
        required=False,
    )
    note = forms.CharField(
        label=_("Précisions (facultatif)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_conflict") and not cleaned.get("reason"):
            self.add_error("reason", _("Choisissez la nature du conflit d'intérêts."))
        return cleaned


class WithdrawConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du retrait"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Conservé au journal d'audit."),
    )


@dataclass
class CriterionRow:
    criterion: object
    score: forms.BoundField
    comment: forms.BoundField
    levels: list


class ScorecardForm(forms.Form):
    """One radio group 0–5 (+ « Sans objet ») and one comment per criterion of the scorecard's
    criteria version, then the recommendation and the general comment."""

    recommendation = forms.ChoiceField(
        label=_("Recommandation"),
        choices=Recommendation.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    general_comment = forms.CharField(
        label=_("Commentaire général"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, criteria, scorecard=None, **kwargs):
        self.criteria = list(criteria)
        existing = {row.criterion_id: row for row in scorecard.scores.all()} if scorecard else {}
        initial = (
            {"recommendation": scorecard.recommendation, "general_comment": scorecard.general_comment}
            if scorecard
            else {}
        )
        for criterion in self.criteria:
            row = existing.get(criterion.pk)
            if row is not None:
                initial[f"score_{criterion.pk}"] = NOT_APPLICABLE if row.not_applicable else (
                    "" if row.score is None else str(row.score)
                )
                initial[f"comment_{criterion.pk}"] = row.comment
        super().__init__(*args, initial=initial, **kwargs)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.localized("label"),
                choices=[(str(score), str(score)) for score in SCORE_LEVELS] + [(NOT_APPLICABLE, _("Sans objet"))],
                required=False,
                help_text=NOT_APPLICABLE_HELP,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Commentaire sur « %(criterion)s »") % {"criterion": criterion.localized("label")},
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def criterion_rows(self) -> list[CriterionRow]:
        return [
            CriterionRow(
                criterion=criterion,
                score=self[f"score_{criterion.pk}"],
                comment=self[f"comment_{criterion.pk}"],
                levels=[(str(level.score), level.localized("descriptor")) for level in criterion.levels.all()],
            )
            for criterion in self.criteria
        ]

    def marks(self) -> dict[int, Mark]:
        marks = {}
        for criterion in self.criteria:
            value = self.cleaned_data.get(f"score_{criterion.pk}") or ""
            marks[criterion.pk] = Mark(
                score=int(value) if value.isdigit() else None,
                not_applicable=value == NOT_APPLICABLE,
                comment=self.cleaned_data.get(f"comment_{criterion.pk}", ""),
            )
        return marks


class AssignForm(forms.Form):
    applications = forms.ModelMultipleChoiceField(
        label=_("Demandes à assigner"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = queryset


class SimulationForm(forms.Form):
    """What a simulation funds: the tier (by its code, in the address) and how many of each
    region's best-ranked applications."""

    tier = forms.ModelChoiceField(
        label=_("Volet"), queryset=GrantTier.objects.select_related("program"), to_field_name="code", empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    per_region = forms.IntegerField(
        label=_("Nombre de demandes financées par région"), min_value=1, max_value=MAX_SIMULATED_PER_REGION, initial=5,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
