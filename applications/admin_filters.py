"""The list filters of the applications admin."""

from decimal import Decimal

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.years import program_years

from .reporting import current_program
from .statuses import AWARDED_STATUSES, WAITING_STATUSES


class ProgramYearFilter(admin.SimpleListFilter):
    """Program years run from the anniversary of the program's start (programs.years); an
    application belongs to the year it was submitted in."""

    title = gettext_lazy("année du programme (soumission)")
    parameter_name = "annee"

    def lookups(self, request, model_admin):
        program = current_program()
        return [
            (
                str(year.number),
                _("Année %(number)s (%(start)s – %(end)s)")
                % {"number": year.number, "start": year.starts_on.isoformat(), "end": year.ends_on.isoformat()},
            )
            for year in (program_years(program) if program else [])
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        year = next((y for y in program_years(current_program()) if str(y.number) == self.value()), None)
        if year is None:
            return queryset.none()
        return queryset.filter(submitted_at__gte=year.start, submitted_at__lt=year.end)


# (parameter value, label, lower bound exclusive, upper bound inclusive)
AMOUNT_BRACKETS = [
    ("0-1000", gettext_lazy("1 000 $ ou moins"), None, Decimal(1000)),
    ("1000-5000", gettext_lazy("de 1 000 $ à 5 000 $"), Decimal(1000), Decimal(5000)),
    ("5000-20000", gettext_lazy("de 5 000 $ à 20 000 $"), Decimal(5000), Decimal(20000)),
    ("20000-", gettext_lazy("plus de 20 000 $"), Decimal(20000), None),
]


class AmountRangeFilter(admin.SimpleListFilter):
    title = gettext_lazy("montant demandé")
    parameter_name = "montant"

    def lookups(self, request, model_admin):
        return [(value, label) for value, label, _low, _high in AMOUNT_BRACKETS]

    def queryset(self, request, queryset):
        bracket = next((b for b in AMOUNT_BRACKETS if b[0] == self.value()), None)
        if bracket is None:
            return queryset
        _value, _label, low, high = bracket
        if low is not None:
            queryset = queryset.filter(amount_requested__gt=low)
        if high is not None:
            queryset = queryset.filter(amount_requested__lte=high)
        return queryset


class StatusGroupFilter(admin.SimpleListFilter):
    """Groups of statuses staff look for together; « bourses » is the awards list (and export)."""

    title = gettext_lazy("étape")
    parameter_name = "etape"

    def lookups(self, request, model_admin):
        return [
            ("bourses", _("Bourses accordées (toutes les étapes après l'octroi)")),
            ("en_attente", _("En attente d'une action")),
        ]

    def queryset(self, request, queryset):
        groups = {"bourses": AWARDED_STATUSES, "en_attente": WAITING_STATUSES}
        if self.value() in groups:
            return queryset.filter(status__in=groups[self.value()])
        return queryset
