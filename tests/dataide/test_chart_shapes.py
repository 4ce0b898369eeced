"""A chart's shapes are written in Python (dataide.charts.Chart.shapes) rather than by template
loops: the same SVG, byte for byte, as the loops _bar_chart.html had."""

from django.template import Context, Template

from dataide.charts import grouped_bars, progress_bars

# The loops of templates/admin/dataide/_bar_chart.html before they moved to Chart.shapes.
LOOPS = Template(
    '{% load l10n %}{% localize off %}'
    '{% for swatch, label in chart.legend %}<rect x="{{ swatch.x }}" y="{{ swatch.y }}" width="{{ swatch.width }}" '
    'height="{{ swatch.height }}" fill="url(#{{ chart.id }}-{{ swatch.pattern }})" stroke="#000000" stroke-width="0.6"/>'
    '<text x="{{ label.x }}" y="{{ label.y }}">{{ label.text }}</text>\n'
    '{% endfor %}{% for rect in chart.rects %}{% if rect.outline_only %}<rect x="{{ rect.x }}" y="{{ rect.y }}" '
    'width="{{ rect.width }}" height="{{ rect.height }}" fill="none" stroke="#555555" stroke-dasharray="3 2"/>'
    '{% else %}<rect x="{{ rect.x }}" y="{{ rect.y }}" width="{{ rect.width }}" height="{{ rect.height }}" '
    'fill="url(#{{ chart.id }}-{{ rect.pattern }})" stroke="#000000" stroke-width="0.6"/>{% endif %}\n'
    '{% endfor %}{% for text in chart.texts %}<text x="{{ text.x }}" y="{{ text.y }}" text-anchor="{{ text.anchor }}">'
    '{{ text.text }}</text>\n{% endfor %}{% endlocalize %}'
)


def test_the_shapes_are_the_loops_output_for_every_kind_of_chart():
    charts = [
        progress_bars("entonnoir", "Cibles", [
            ("Organismes rejoints", 1234, 3000, "1 234 / 3 000 (41 %)"), ("Bourses <amorçage> & co", 7, 410, "7 / 410 (2 %)"),
            ("Sans cible", 3, 0, "3"), ("Au-delà", 20, 7, "20 / 7 (286 %)"),
        ]),
        grouped_bars(
            "regions", "Régions", ["06 – Montréal", "Saguenay–Lac-Saint-Jean", "« L'Estrie »"],
            ["Organismes rejoints", "Demandes soumises", "Bourses accordées"], [[17, 3, 1], [0, 0, 0], [2999, 1453, 7]], str,
        ),
        grouped_bars("attente", "Attente", ["Reçue"], ["Demandes en attente"], [[0]], str),
    ]
    for chart in charts:
        assert chart.shapes() == LOOPS.render(Context({"chart": chart}))
    assert "&lt;amorçage&gt; &amp; co" in charts[0].shapes() and "&#x27;" in charts[1].shapes()
