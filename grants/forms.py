from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dataide.formatting import format_money
from dataide.forms import MoneyField


def add_service_errors(form, error: ValidationError) -> None:
    """A service's refusal on a form: field errors beside their field, the others on the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        form.add_error(None, error)


class SignatureForm(forms.Form):
    full_name = forms.CharField(label=_("Nom complet"), max_length=150)
    title = forms.CharField(
        label=_("Titre dans l'organisme"), max_length=150,
        help_text=_("Il montre que vous signez au nom de l'organisme ; il est gardé avec la signature."),
    )
    authority_confirmed = forms.BooleanField(label=_("J'ai l'autorité de signer au nom de l'organisme"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PaperSignatureForm(forms.Form):
    """Staff file the copy the organisme signed on paper (checked like the attachments)."""

    file = forms.FileField(label=_("Copie signée (PDF ou image)"), required=False)
    full_name = forms.CharField(label=_("Nom complet de la personne qui a signé"), max_length=150, required=False)
    title = forms.CharField(label=_("Son titre dans l'organisme"), max_length=150, required=False)


def report_form_class(questions, language: str):
    """One text area per question of the tier's final report, none required for a draft (the
    service requires them all on submission)."""
    fields = {
        question.key: forms.CharField(
            label=question.label(language), required=False, max_length=3000,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        for question in questions
    }

    def __init__(self, *args, **kwargs):
        forms.Form.__init__(self, *args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    return type("ReportForm", (forms.Form,), {**fields, "__init__": __init__})


def spent_field_name(index: int) -> str:
    return f"depense_{index}"


def spent_form_class(budget, saved_rows):
    """One amount per line of the budget in force (none required for a draft), labelled with the
    line and what was planned; `initial` comes from the saved rows of the report."""
    fields = {
        spent_field_name(index): MoneyField(
            label=_("%(category)s – %(description)s (prévu : %(planned)s)") % {
                "category": row["category_label"], "description": row["description"], "planned": format_money(row["amount"]),
            },
            required=False,
        )
        for index, row in enumerate(budget.rows)
    }

    def __init__(self, *args, **kwargs):
        forms.Form.__init__(self, *args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def spent(self) -> dict:
        """The valid amounts typed, by line index (blank ones left out: not given)."""
        data = getattr(self, "cleaned_data", {})
        return {index: data[spent_field_name(index)] for index in range(len(budget.lines)) if data.get(spent_field_name(index)) is not None}

    return type("SpentForm", (forms.Form,), {**fields, "__init__": __init__, "spent": spent})


def spent_initial(report) -> dict:
    return {spent_field_name(index): row["spent"] for index, row in enumerate(report.spent if report else []) if row["spent"] != ""}


class AmendmentForm(forms.Form):
    """What changes besides the lines (a BudgetLineFormSet, as in the application form)."""

    timeline = forms.CharField(
        label=_("Échéancier"), max_length=1500, required=False, widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = forms.CharField(
        label=_("Pourquoi demandez-vous cette modification ?"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Expliquez pourquoi vous demandez cette modification.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class DecisionReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif communiqué à l'organisme"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 4}),
    )
