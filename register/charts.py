"""The register's charts: amounts awarded per tier, region and program year, drawn on the server
with the staff dashboard's conventions (dataide.charts); each is followed by its table."""

from django.utils.translation import gettext as _

from dataide.charts import grouped_bars
from dataide.formatting import format_money

from .selectors import RegisterTotals


def register_charts(totals: RegisterTotals) -> list[tuple]:
    """(chart, rows, heading) per dimension that has rows."""
    dimensions = [
        ("octrois-volets", _("Montants accordés par volet"), _("Volet"), totals.tiers),
        ("octrois-regions", _("Montants accordés par région"), _("Région"), totals.regions),
        ("octrois-annees", _("Montants accordés par année du programme"), _("Année"), totals.years),
    ]
    return [
        (
            grouped_bars(
                chart_id, title, [row.label for row in rows], [_("Montant accordé")],
                [[float(row.amount)] for row in rows], format_money,
            ),
            rows,
            heading,
        )
        for chart_id, title, heading, rows in dimensions
        if rows
    ]
