from django import forms
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ConsentMethod, ConsentPurpose


def _purpose_fields(form, purposes, initial: dict) -> None:
    language = get_language() or "fr-ca"
    for purpose in purposes:
        form.fields[f"consent_{purpose.code}"] = forms.BooleanField(
            label=purpose.label(language), help_text=purpose.text(language), required=False,
            initial=initial.get(purpose.pk, False),
        )


def save_choices(*, person, purposes, cleaned_data: dict, method: str) -> int:
    """Record each purpose whose choice changed; returns how many were recorded."""
    recorded = 0
    with transaction.atomic():
        for purpose in purposes:
            given = bool(cleaned_data.get(f"consent_{purpose.code}"))
            if services.set_consent(actor=person, person=person, purpose=purpose, given=given, method=method):
                recorded += 1
    return recorded


class ConsentForm(forms.Form):
    """One optional checkbox per purpose: ticking and unticking are the same gesture (withdrawing is
    as easy as giving)."""

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.purposes = [purpose for purpose, _latest in choices]
        _purpose_fields(self, self.purposes, {p.pk: bool(latest and latest.given) for p, latest in choices})


class SignupConsentForm(forms.Form):
    """allauth's sign-up form is built on this one (ACCOUNT_SIGNUP_FORM_CLASS): the optional
    purposes, all unticked; nothing is needed to sign up."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.purposes = list(ConsentPurpose.objects.filter(active=True))
        _purpose_fields(self, self.purposes, {})

    def signup(self, request, user):
        save_choices(person=user, purposes=self.purposes, cleaned_data=self.cleaned_data, method=ConsentMethod.SIGNUP)


class CloseAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je comprends que mon compte sera fermé et mes renseignements personnels anonymisés."), required=True,
        error_messages={"required": _("Cochez la case pour confirmer.")},
    )
