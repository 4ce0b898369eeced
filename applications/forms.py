"""The wizard's forms. Limits live on the model fields (max_length) and are enforced here on the
server; the templates show them as live counters."""

import functools
from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from dataide.forms import MoneyField
from programs.models import MONEY

from .models import Application, BudgetCategory
from .uploads import ACCEPT_ATTRIBUTE, check_upload

MAX_BUDGET_LINES = 30
MAX_PARTNERS = 20


def _no_form_tag():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def _counted(field: forms.Field):
    """Announce the limit in words and let the script count down as people type."""
    if getattr(field, "max_length", None):
        field.widget.attrs.update({"maxlength": field.max_length, "data-counter": "true"})
        limit = _("%(count)s caractères au plus.") % {"count": field.max_length}
        field.help_text = f"{field.help_text} {limit}".strip()


STEP_HELP = {
    "title": _("Un titre court qui décrit le projet."),
    "need": _("Ce qui vous manque aujourd'hui, et ce que cela vous empêche de faire."),
    "project_summary": _("Ce que vous allez acheter ou faire, et avec qui."),
    "expected_results": _("Ce qui aura changé pour votre équipe ou vos participants."),
    "timeline": _("Les grandes étapes et leurs dates approximatives."),
    "data_governance": _("Quels renseignements personnels le projet touche et comment vous les protégerez (Loi 25)."),
    "sustainability": _("Comment le projet continuera après la bourse (coûts récurrents, compétences)."),
    "network_scope": _("En quoi le projet change les choses à l'échelle d'un réseau ou d'un milieu."),
    "public_summary": _(
        "PUBLIC : si la bourse est accordée, ce résumé est publié tel quel dans le registre public des "
        "bourses et ses données ouvertes. N'y nommez aucune personne."
    ),
    "public_summary_en": _("PUBLIC, facultatif : le même résumé en anglais, publié dans la version anglaise du registre."),
}


def step_form_class(step):
    """A ModelForm for the plain fields of one wizard step."""
    return _form_class_for_fields(tuple(step.fields))


@functools.cache
def _form_class_for_fields(step_fields: tuple[str, ...]):
    # Built once per process: building a ModelForm class reads the model's fields (about 1 ms).

    class StepForm(forms.ModelForm):
        class Meta:
            model = Application
            fields = list(step_fields)
            widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in step_fields if name != "title"}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper = _no_form_tag()
            for name, field in self.fields.items():
                field.required = False  # drafts may be incomplete; submission checks completeness
                field.help_text = STEP_HELP.get(name, "")
                _counted(field)

    return StepForm


class _TableRowMixin:
    """Rows rendered by hand in a table: Bootstrap classes and errors tied to their field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].auto_id}_erreurs"}
                )
                self.fields[name].widget.attrs["class"] += " is-invalid"


class BudgetLineForm(_TableRowMixin, forms.Form):
    category = forms.ChoiceField(label=_("Catégorie"), choices=[("", "—"), *BudgetCategory.choices])
    description = forms.CharField(label=_("Description"), max_length=200)
    amount = MoneyField(
        label=_("Montant ($)"), min_value=Decimal("0.01"), **MONEY,
        error_messages={"min_value": _("Le montant d'une ligne doit être plus grand que zéro.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs["maxlength"] = 200
        self.fields["amount"].widget.attrs["data-budget-amount"] = "true"


class BaseLinesFormSet(forms.BaseFormSet):
    """Rows of a table people fill freely: a blank or cleared row is ignored, never an error,
    and one empty row always waits at the end."""

    def initial_form_count(self):
        return 0

    def total_form_count(self):
        if self.is_bound:
            return super().total_form_count()
        return min(len(self.initial or []) + 1, self.absolute_max)

    def rows(self) -> list[dict]:
        """The filled rows, in order, without the ones marked for deletion."""
        return [
            {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm, formset=BaseLinesFormSet, extra=0, can_delete=True,
    max_num=MAX_BUDGET_LINES, validate_max=True, absolute_max=MAX_BUDGET_LINES,
)


class PartnerForm(_TableRowMixin, forms.Form):
    name = forms.CharField(label=_("Organisme partenaire"), max_length=200)
    role = forms.CharField(label=_("Rôle dans le projet"), max_length=300)


PartnerFormSet = forms.formset_factory(
    PartnerForm, formset=BaseLinesFormSet, extra=0, can_delete=True,
    max_num=MAX_PARTNERS, validate_max=True, absolute_max=MAX_PARTNERS,
)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Document à ajouter"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _no_form_tag()
        self.fields["file"].widget.attrs["accept"] = ACCEPT_ATTRIBUTE

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.content_type = check_upload(uploaded)
        return uploaded


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi retirez-vous la demande ? (facultatif)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _no_form_tag()


def formset_with_extra_row(formset_class, data, prefix):
    """The posted rows plus one empty row: "Ajouter une ligne" works without JavaScript."""
    data = data.copy()
    total_key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(total_key, 0))
    except (TypeError, ValueError):
        total = 0
    data[total_key] = str(min(max(total, 0) + 1, formset_class.absolute_max))
    return formset_class(data, prefix=prefix)
