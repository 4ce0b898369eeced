from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _


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
