from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import MembershipRole, Organisme
from .validators import normalize_neq, normalize_postal_code, validate_neq


class _NoFormTagMixin:
    """Templates write the <form> element (CSRF, buttons); crispy renders the fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class _PostalCodeMixin:
    def clean_postal_code(self):
        return normalize_postal_code(self.cleaned_data["postal_code"])


class OrganismeForm(_NoFormTagMixin, _PostalCodeMixin, forms.ModelForm):
    # Typed with spaces or dashes as often as without: accepted longer, stored normalised.
    neq = forms.CharField(
        label=_("NEQ"), max_length=20, help_text=Organisme._meta.get_field("neq").help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    postal_code = forms.CharField(label=_("Code postal"), max_length=10)

    class Meta:
        model = Organisme
        fields = [
            "legal_name", "neq", "charity_number", "region", "street_address", "city", "postal_code",
            "staff_count", "volunteer_count", "mission", "preferred_language",
        ]
        widgets = {"mission": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].empty_label = _("Choisissez la région")

    def clean_neq(self):
        return normalize_neq(self.cleaned_data["neq"])

    def validate_unique(self):
        # A NEQ already registered is not an error here: the view turns the claim into a join request.
        exclude = self._get_validation_exclusions() | {"neq"}
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class OrganismeProfileForm(_NoFormTagMixin, _PostalCodeMixin, forms.ModelForm):
    """What the responsible person edits; the NEQ identifies the organisme and changes only
    through staff."""

    postal_code = forms.CharField(label=_("Code postal"), max_length=10)

    class Meta:
        model = Organisme
        fields = [
            "legal_name", "region", "street_address", "city", "postal_code",
            "staff_count", "volunteer_count", "mission", "preferred_language",
        ]
        widgets = {"mission": forms.Textarea(attrs={"rows": 4})}


class JoinRequestForm(_NoFormTagMixin, forms.Form):
    neq = forms.CharField(label=_("NEQ de l'organisme"), max_length=20, help_text=_("Numéro d'entreprise du Québec, 10 chiffres."))
    message = forms.CharField(
        label=_("Message à la personne responsable (facultatif)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_neq(self):
        neq = normalize_neq(self.cleaned_data["neq"])
        validate_neq(neq)
        organisme = Organisme.objects.filter(neq=neq).first()
        if organisme is None:
            raise ValidationError(
                _("Aucun organisme n'est inscrit avec ce NEQ. Vous pouvez inscrire votre organisme vous-même."),
                code="unknown_neq",
            )
        self.organisme = organisme
        return neq


class InvitationForm(_NoFormTagMixin, forms.Form):
    email = forms.EmailField(label=_("Courriel de la personne à inviter"), max_length=254)
    role = forms.ChoiceField(label=_("Rôle"), choices=MembershipRole.choices, initial=MembershipRole.COLLABORATOR)
