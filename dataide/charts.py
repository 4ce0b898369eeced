"""Horizontal bar charts computed on the server and drawn as inline SVG by
templates/admin/dataide/_bar_chart.html (the admin page and its PDF share it).

Readable without colour: every series has its own fill pattern (hatching, dots, plain) shown in
the legend, every bar carries its number as text, and each chart is followed by its data table.
Geometry is done here so templates only place shapes."""

from dataclasses import dataclass, field

from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe

PATTERNS = ("hatch", "dots", "solid", "cross")
LABEL_WIDTH = 260
PLOT_WIDTH = 380
VALUE_WIDTH = 230
BAR_HEIGHT = 16
BAR_GAP = 4
GROUP_GAP = 12
LEGEND_HEIGHT = 26


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    pattern: str = "solid"
    outline_only: bool = False


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass
class Chart:
    id: str
    title: str
    width: int = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    height: int = 0
    rects: list = field(default_factory=list)
    texts: list = field(default_factory=list)
    legend: list = field(default_factory=list)  # (Rect swatch, Text label)

    def shapes(self) -> SafeString:
        """The legend, bars and labels as SVG elements, one a line, for _bar_chart.html: written
        here rather than by template loops, which cost more than the rest of a dashboard page."""
        pattern = f'fill="url(#{escape(self.id)}-%s)" stroke="#000000" stroke-width="0.6"/>'
        lines = [
            f'<rect {_box(swatch)} {pattern % swatch.pattern}<text x="{label.x}" y="{label.y}">{escape(label.text)}</text>\n'
            for swatch, label in self.legend
        ]
        lines += [
            f'<rect {_box(rect)} fill="none" stroke="#555555" stroke-dasharray="3 2"/>\n' if rect.outline_only
            else f'<rect {_box(rect)} {pattern % rect.pattern}\n'
            for rect in self.rects
        ]
        lines += [
            f'<text x="{text.x}" y="{text.y}" text-anchor="{text.anchor}">{escape(text.text)}</text>\n' for text in self.texts
        ]
        return mark_safe("".join(lines))  # every text escaped above; numbers and patterns are ours


def _box(rect: Rect) -> str:
    return f'x="{rect.x}" y="{rect.y}" width="{rect.width}" height="{rect.height}"'


def _legend(chart: Chart, series: list[str]) -> int:
    x = LABEL_WIDTH
    for index, label in enumerate(series):
        pattern = PATTERNS[index % len(PATTERNS)]
        chart.legend.append((Rect(x, 6, 14, 14, pattern), Text(x + 20, 18, label)))
        x += 30 + 7 * len(label)
    return LEGEND_HEIGHT if series else 4


def grouped_bars(chart_id: str, title: str, categories: list[str], series: list[str], values, display) -> Chart:
    """One group of bars per category, one bar per series, on a common scale.
    `values[c][s]` is a number; `display(value)` writes it as the label beside the bar."""
    chart = Chart(chart_id, title)
    y = _legend(chart, series if len(series) > 1 else [])
    largest = max((value for row in values for value in row), default=0) or 1
    for category, row in zip(categories, values, strict=True):
        group_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
        chart.texts.append(Text(LABEL_WIDTH - 8, y + group_height / 2 + 5, category, "end"))
        for index, value in enumerate(row):
            width = PLOT_WIDTH * value / largest
            chart.rects.append(Rect(LABEL_WIDTH, y, max(width, 1), BAR_HEIGHT, PATTERNS[index % len(PATTERNS)]))
            chart.texts.append(Text(LABEL_WIDTH + width + 6, y + BAR_HEIGHT - 3, display(value)))
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP - BAR_GAP
    chart.height = int(y + 4)
    return chart


def progress_bars(chart_id: str, title: str, rows: list[tuple[str, float, float, str]]) -> Chart:
    """One bar per row showing `value` against its own `target` (the outlined track is 100 %),
    so targets of very different sizes (3 000 organismes, 7 grants) read side by side."""
    chart = Chart(chart_id, title)
    y = 4
    for label, value, target, text in rows:
        share = min(value / target, 1) if target else 0
        chart.texts.append(Text(LABEL_WIDTH - 8, y + BAR_HEIGHT - 3, label, "end"))
        chart.rects.append(Rect(LABEL_WIDTH, y, PLOT_WIDTH, BAR_HEIGHT, outline_only=True))
        chart.rects.append(Rect(LABEL_WIDTH, y, max(PLOT_WIDTH * share, 1), BAR_HEIGHT, "hatch"))
        chart.texts.append(Text(LABEL_WIDTH + PLOT_WIDTH + 6, y + BAR_HEIGHT - 3, text))
        y += BAR_HEIGHT + GROUP_GAP
    chart.height = int(y)
    return chart


# --- Heat map ------------------------------------------------------------------------------------

HEAT_LABEL_WIDTH = 240
HEAT_CELL_WIDTH = 82
HEAT_CELL_HEIGHT = 24
HEAT_HEADER_HEIGHT = 22
# Grey levels (light to dark), never hue alone: every cell also carries its value, and the empty
# ones a dashed outline, so the grid reads in black and white and without colour vision. Text is
# black on the light levels and white on the dark ones (contrast above 4.5:1 on each).
HEAT_LEVELS = (("#ffffff", "#000000"), ("#e8e8e8", "#000000"), ("#bdbdbd", "#000000"), ("#666666", "#ffffff"),
               ("#2b2b2b", "#ffffff"))


@dataclass(frozen=True)
class HeatCell:
    x: float
    y: float
    width: float
    height: float
    fill: str
    text_fill: str
    text: str
    level: int

    @property
    def text_x(self) -> float:
        return self.x + self.width - 6

    @property
    def text_y(self) -> float:
        return self.y + 16


@dataclass
class HeatMap:
    id: str
    title: str
    width: int = 0
    height: int = 0
    cells: list = field(default_factory=list)
    texts: list = field(default_factory=list)
    legend: list = field(default_factory=list)  # (HeatCell swatch, Text label)


def heat_level(value, largest) -> int:
    """0 for nothing, else 1–4 by quarter of the column's largest value."""
    if not value or not largest:
        return 0
    return min(4, 1 + int(4 * float(value) / float(largest) - 1e-9))


def heat_map(chart_id: str, title: str, rows: list[str], groups: list[tuple[str, list[str]]], values, display,
             legend: list[str]) -> HeatMap:
    """One row per category, columns in `groups` (group title, its column titles); `values[r][c]`
    is a number, shaded against the largest of its own column (figures of different sizes —
    organismes, amounts — sit side by side); `display(column, value)` writes it in the cell.
    `legend` names the four shaded levels (a quarter each of the column's largest value)."""
    columns = [title for _group, titles in groups for title in titles]
    chart = HeatMap(chart_id, title, width=HEAT_LABEL_WIDTH + HEAT_CELL_WIDTH * len(columns))
    x = HEAT_LABEL_WIDTH
    for group, titles in groups:
        chart.texts.append(Text(x + HEAT_CELL_WIDTH * len(titles) / 2, 15, group, "middle"))
        for column_title in titles:
            chart.texts.append(Text(x + HEAT_CELL_WIDTH / 2, HEAT_HEADER_HEIGHT + 15, column_title, "middle"))
            x += HEAT_CELL_WIDTH
    largest = [max((row[index] for row in values), default=0) for index in range(len(columns))]
    y = 2 * HEAT_HEADER_HEIGHT + 4
    for label, row in zip(rows, values, strict=True):
        chart.texts.append(Text(HEAT_LABEL_WIDTH - 8, y + 16, label, "end"))
        for index, value in enumerate(row):
            level = heat_level(value, largest[index])
            fill, text_fill = HEAT_LEVELS[level]
            chart.cells.append(HeatCell(HEAT_LABEL_WIDTH + index * HEAT_CELL_WIDTH, y, HEAT_CELL_WIDTH, HEAT_CELL_HEIGHT,
                                        fill, text_fill, display(index, value), level))
        y += HEAT_CELL_HEIGHT
    y += 10
    x = HEAT_LABEL_WIDTH
    for level, label in enumerate(legend, start=1):
        fill, text_fill = HEAT_LEVELS[level]
        chart.legend.append((HeatCell(x, y, 14, 14, fill, text_fill, "", level), Text(x + 20, y + 12, label)))
        x += 34 + 7 * len(label)
    chart.height = int(y + 24)
    return chart
