"""The program dashboard's charts, built from applications.reporting figures for the admin page
and its PDF alike."""

from django.utils.formats import number_format
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


def dashboard_charts(dashboard: ProgramDashboard) -> dict:
    targeted = [step for step in dashboard.funnel if step.target]
    tier_rows = []
    for usage in dashboard.tiers:
        name = usage.tier.localized("name")
        tier_rows.append(
            (_("%(tier)s : bourses") % {"tier": name}, usage.awards, usage.tier.quota, _against(usage.awards, usage.tier.quota))
        )
        tier_rows.append(
            (
                _("%(tier)s : budget") % {"tier": name}, float(usage.awarded_amount), float(usage.tier.budget_envelope),
                _against(usage.awarded_amount, usage.tier.budget_envelope, format_money),
            )
        )
    region_series = [_("Organismes rejoints"), _("Demandes soumises"), _("Bourses accordées")]
    year_series = [_("Demandes soumises"), _("Bourses accordées")]
    return {
        "funnel": progress_bars(
            "entonnoir", _("Progression vers les cibles du programme"),
            [(step.label, step.value, step.target, _against(step.value, step.target)) for step in targeted],
        ),
        "tiers": progress_bars("volets", _("Bourses et budget utilisés par volet"), tier_rows),
        "regions": grouped_bars(
            "regions", _("Organismes, demandes et bourses par région"),
            [str(row.region) for row in dashboard.regions], region_series,
            [[row.reached, row.submitted, row.awards] for row in dashboard.regions], _count,
        ),
        "grid": region_tier_grid(dashboard),
        "years": grouped_bars(
            "annees", _("Demandes et bourses par année du programme"),
            [_("Année %(number)s") % {"number": row.year.number} for row in dashboard.years], year_series,
            [[row.submitted, row.awards] for row in dashboard.years], _count,
        ),
        "waiting": grouped_bars(
            "attente", _("Demandes en attente à chaque étape"),
            [row.status.label for row in dashboard.waiting], [_("Demandes en attente")],
            [[row.count] for row in dashboard.waiting], _count,
        ),
    }
