"""The program dashboard's charts, built from applications.reporting figures for the admin page
and its PDF alike."""

from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from dataide.charts import grouped_bars, heat_map, progress_bars
from dataide.formatting import format_money
from programs.models import TierCode

from .reporting import ProgramDashboard


def _count(value) -> str:
    return number_format(value, force_grouping=True)


def _against(value, target, write=_count) -> str:
    percent = round(100 * value / target) if target else 0
    return f"{write(value)} / {write(target)} ({percent} %)"


def tier_names(dashboard: ProgramDashboard) -> list[tuple[str, str]]:
    """(code, name) of the program's tiers, in the order of the grid's column groups."""
    names = {usage.tier.code: usage.tier.localized("name") for usage in dashboard.tiers}
    return [(code, names.get(code, code)) for code in TierCode.values]


def region_tier_grid(dashboard: ProgramDashboard):
    """The region × tier heat map: reach, then applications, awards and amounts per tier."""
    measures = [_("Demandes"), _("Bourses"), _("Montant")]
    groups = [(_("Portée"), [_("Rejoints")])] + [(name, measures) for _code, name in tier_names(dashboard)]
    values = [
        [row.reached] + [figure for cell in row.tiers for figure in (cell.submitted, cell.awards, cell.awarded_amount)]
        for row in dashboard.regions
    ]

    def display(column, value):
        return format_money(value) if column and column % 3 == 0 else _count(value)

    return heat_map(
        "grille", _("Régions par volet : organismes rejoints, demandes, bourses et montants"),
        [str(row.region) for row in dashboard.regions], groups, values, display,
        [_("jusqu'au quart du plus haut de la colonne"), _("jusqu'à la moitié"), _("jusqu'aux trois quarts"),
         _("au-delà")],
    )


class DashboardCharts:
    """The dashboard's charts, each built the first time a template reads it: a page of the
    dashboard shows one or two of them (« Après l'octroi » none) and the PDF every one, while
    building them all cost more than rendering a page (the region grid alone formats ~200 cells)."""

    def __init__(self, dashboard: ProgramDashboard):
        self.dashboard = dashboard

    @cached_property
    def funnel(self):
        targeted = [step for step in self.dashboard.funnel if step.target]
        return progress_bars(
            "entonnoir", _("Progression vers les cibles du programme"),
            [(step.label, step.value, step.target, _against(step.value, step.target)) for step in targeted],
        )

    @cached_property
    def tiers(self):
        tier_rows = []
        for usage in self.dashboard.tiers:
            name = usage.tier.localized("name")
            tier_rows.append(
                (_("%(tier)s : bourses") % {"tier": name}, usage.awards, usage.tier.quota,
                 _against(usage.awards, usage.tier.quota))
            )
            tier_rows.append(
                (
                    _("%(tier)s : budget") % {"tier": name}, float(usage.awarded_amount), float(usage.tier.budget_envelope),
                    _against(usage.awarded_amount, usage.tier.budget_envelope, format_money),
                )
            )
        return progress_bars("volets", _("Bourses et budget utilisés par volet"), tier_rows)

    @cached_property
    def regions(self):
        regions = self.dashboard.regions
        return grouped_bars(
            "regions", _("Organismes, demandes et bourses par région"),
            [str(row.region) for row in regions], [_("Organismes rejoints"), _("Demandes soumises"), _("Bourses accordées")],
            [[row.reached, row.submitted, row.awards] for row in regions], _count,
        )

    @cached_property
    def grid(self):
        return region_tier_grid(self.dashboard)

    @cached_property
    def years(self):
        years = self.dashboard.years
        return grouped_bars(
            "annees", _("Demandes et bourses par année du programme"),
            [_("Année %(number)s") % {"number": row.year.number} for row in years],
            [_("Demandes soumises"), _("Bourses accordées")], [[row.submitted, row.awards] for row in years], _count,
        )

    @cached_property
    def waiting(self):
        waiting = self.dashboard.waiting
        return grouped_bars(
            "attente", _("Demandes en attente à chaque étape"),
            [row.status.label for row in waiting], [_("Demandes en attente")], [[row.count] for row in waiting], _count,
        )
