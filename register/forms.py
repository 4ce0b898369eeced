"""The register's search form: every field optional; a value that does not parse is reported in
French and the other filters still apply."""

from django import forms
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from programs.models import GrantTier, Region
from programs.years import program_years

from .reference import reference_version
from .selectors import RegisterFilters

# How long a process keeps the choices without asking the version again (see RegisterFilterForm).
KEPT_SECONDS = 300

# The tiers' and regions' choices and the unfiltered form's HTML change only with the reference
# data (programs, tiers, regions): they are kept in each process's memory (the "fragments" cache)
# under its version (register.reference), instead of two queries and some thirty widget templates
# on every view of the register.

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
        # The version lives in the shared cache; during a Redis outage each process keeps its own
        # (dataide.cache), so a rename is forgotten only where it was made: KEPT_SECONDS bounds that.
        version = reference_version()
        self._kept_key = version and f"register:filter:{version}:{get_language()}:{program and program.pk}"
        tier_choices, region_choices = self._reference_choices(program)
        self.fields["tier"].choices = everything + tier_choices
        self.fields["region"].choices = [("", _("Toutes"))] + region_choices
        self.years = {year.number: year for year in program_years(program)} if program else {}
        self.fields["year"].choices = everything + [
            (number, _("Année %(number)s (%(start)s – %(end)s)") % {
                "number": number, "start": year.starts_on.isoformat(), "end": year.ends_on.isoformat()})
            for number, year in self.years.items()
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"

    def _reference_choices(self, program) -> tuple[list, list]:
        kept = caches["fragments"].get(f"{self._kept_key}:choices") if self._kept_key else None
        if kept is None:
            tiers = GrantTier.objects.filter(program=program) if program else GrantTier.objects.none()
            kept = (
                [(tier.code, tier.localized("name")) for tier in tiers],
                [(region.code, f"{region.code} {region.name}") for region in Region.objects.order_by("code")],
            )
            if self._kept_key:
                caches["fragments"].set(f"{self._kept_key}:choices", kept, timeout=KEPT_SECONDS)
        return kept

    def fields_html(self) -> str:
        """The labelled fields; the unfiltered form's are the same for every visitor in a language."""
        if self.is_bound or not self._kept_key:
            return render_to_string("register/_filter_fields.html", {"form": self})
        html = caches["fragments"].get(f"{self._kept_key}:html")
        if html is None:
            html = render_to_string("register/_filter_fields.html", {"form": self})
            caches["fragments"].set(f"{self._kept_key}:html", html, timeout=KEPT_SECONDS)
        return mark_safe(html)  # our own template's output, escaped when it was rendered

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
