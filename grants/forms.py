from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


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
    title = forms.CharField(label=_("Titre dans l'organisme"), max_length=150)
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
