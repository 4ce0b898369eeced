"""The register's search form: every field optional; a value that does not parse is reported in
French and the other filters still apply."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import GrantTier, Region
from programs.years import program_years

from .selectors import RegisterFilters


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100,
                        help_text=_("Organisme, NEQ, titre ou résumé du projet."))
    tier = forms.ChoiceField(label=_("Volet"), required=False)
    region = forms.ChoiceField(label=_("Région"), required=False)
    year = forms.TypedChoiceField(label=_("Année du programme"), required=False, coerce=int, empty_value=None)
    amount_min = forms.DecimalField(label=_("Montant minimal ($)"), required=False, min_value=0, max_digits=12,
                                    decimal_places=2, localize=True)
    amount_max = forms.DecimalField(label=_("Montant maximal ($)"), required=False, min_value=0, max_digits=12,
                                    decimal_places=2, localize=True)

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        everything = [("", _("Tous"))]
        tiers = GrantTier.objects.filter(program=program) if program else GrantTier.objects.none()
        self.fields["tier"].choices = everything + [(tier.code, tier.localized("name")) for tier in tiers]
        self.fields["region"].choices = [("", _("Toutes"))] + [
            (region.code, f"{region.code} {region.name}") for region in Region.objects.order_by("code")
        ]
        self.years = {year.number: year for year in program_years(program)} if program else {}
        self.fields["year"].choices = everything + [
            (number, _("Année %(number)s (%(start)s – %(end)s)") % {
                "number": number, "start": year.starts_on.isoformat(), "end": year.ends_on.isoformat()})
            for number, year in self.years.items()
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"

    def filters(self) -> RegisterFilters:
        """The valid filters (an invalid field is left out, never the whole search)."""
        if not self.is_bound:
            return RegisterFilters()
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return RegisterFilters(
            search=(data.get("q") or "").strip(),
            tier=data.get("tier") or "",
            region=data.get("region") or "",
            year=self.years.get(data.get("year")),
            amount_min=data.get("amount_min"),
            amount_max=data.get("amount_max"),
        )
