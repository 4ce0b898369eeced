"""CSV exports of admin lists, written for Excel as Québec staff use it.

Excel in French (Canada) opens a CSV by double-click with the regional list separator and decimal
mark, so files use `;` between fields and `,` in amounts (`4000,00`, no thousands separator, no
currency sign: a number Excel can sum). The file starts with a UTF-8 byte order mark, without which
Excel reads accents as Windows-1252. Dates are written `AAAA-MM-JJ HH:MM` in Montréal time.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula
when the file is opened (`=HYPERLINK(...)` in a project title): such cells get a leading apostrophe,
so Excel and LibreOffice show the text as typed (OWASP « CSV injection »). Numbers we write ourselves
(amounts, counts) are never text and keep their sign: `-250,00` stays a number Excel can sum.

Rows are read with `values_list()` over `queryset.iterator(chunk_size=…)` and written into pieces
of about CHUNK_CHARS (64 KB), so memory stays flat whatever the number of rows and a web response
(StreamingHttpResponse) sends a few hundred pieces rather than one socket write per row; a large
export is written by a Celery task into private storage. Each column picks its formatter once, from
its first value, and every date is put in one time zone object fetched at the start.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import islice

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

CHUNK_SIZE = 2000
CHUNK_CHARS = 64 * 1024
ROWS_PER_WRITE = 100
DELIMITER = ";"
BOM = "\ufeff"


def async_threshold() -> int:
    """Above this many rows an export runs as a Celery task (settings.EXPORT_ASYNC_THRESHOLD)."""
    return settings.EXPORT_ASYNC_THRESHOLD


@dataclass(frozen=True)
class Column:
    """One column: a French header, the `values()` key it reads, and how to write the value.

    `labels` (a TextChoices class or choices list) writes a stored code as its label."""

    header: str
    key: str
    labels: Iterable | None = None


_FORMULA_STARTS = ("=", "+", "-", "@")
_CONTROL_STARTS = ("\t", "\r", "\n")


def _neutralised(text: str) -> str:
    """The text with a leading apostrophe when a spreadsheet would read it as a formula (spaces
    before the sign do not stop Excel)."""
    if text.startswith(_CONTROL_STARTS) or text.lstrip(" \u00a0\u202f").startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _cell(value) -> str:
    """One cell: numbers as numbers, everything else as text that cannot run."""
    text = _format_value(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return text
    return _neutralised(text)


def _format_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _formatter_for(value, zone) -> Callable:
    """The formatter of a column whose values are of `value`'s type (a column holds one type)."""
    if isinstance(value, bool):
        return _format_value
    if isinstance(value, Decimal):
        return lambda number: f"{number:.2f}".replace(".", ",")
    if isinstance(value, int | float):
        return str
    if isinstance(value, datetime) and timezone.is_aware(value):
        # str() of a datetime starts `AAAA-MM-JJ HH:MM` (the year always on four digits): one C call
        # a cell instead of five formatted fields.
        return lambda when: str(when.astimezone(zone))[:16]
    if isinstance(value, date):
        return _format_value
    return lambda text: _neutralised(str(text))


def _typed_cell(zone) -> Callable:
    """`_cell` for one column, its formatter chosen at the column's first value."""
    chosen = None

    def write(value):
        nonlocal chosen
        if value is None:
            return ""
        if chosen is None:
            chosen = _formatter_for(value, zone)
        return chosen(value)

    return write


def _labels_writer(labels, zone) -> Callable:
    """A stored code written as its label, resolved now, in the active language: a stream is
    consumed after the view returns, when the language is no longer guaranteed."""
    choices = getattr(labels, "choices", labels)
    mapping = {value: _neutralised(str(label)) for value, label in choices}
    cell = _typed_cell(zone)
    return lambda value: mapping[value] if value in mapping else cell(value)


# Every first character after which _neutralised may change a text: any other text is kept as is
# without calling it (most cells, in the export's hottest loop).
_RISKY_FIRST = frozenset("".join(_FORMULA_STARTS) + "".join(_CONTROL_STARTS) + " \u00a0\u202f")


class _RowCells:
    """Turns one `values_list()` row into its cells, as `_cell` would write each value.

    Each column's kind is decided at its first value that is not None (a column holds one type):
    text is checked in place (only a risky first character costs a call), numbers and None are
    left to csv.writer (it writes str() and ""), the rest (amounts, dates, booleans, labels) get
    their formatter. Most cells then cost no call at all."""

    def __init__(self, columns: list[Column], zone):
        self.zone = zone
        self.undecided = [index for index, column in enumerate(columns) if column.labels is None]
        self.texts: list[int] = []
        self.formatted = [
            (index, _labels_writer(column.labels, zone))
            for index, column in enumerate(columns) if column.labels is not None
        ]

    def _decide(self, cells: list):
        for index in [index for index in self.undecided if cells[index] is not None]:
            self.undecided.remove(index)
            value = cells[index]
            if isinstance(value, str):
                self.texts.append(index)
            elif isinstance(value, bool) or not isinstance(value, int | float):
                self.formatted.append((index, _formatter_for(value, self.zone)))

    def __call__(self, row) -> list:
        cells = list(row)
        if self.undecided:
            self._decide(cells)
        for index in self.texts:
            text = cells[index]
            if text and text[0] in _RISKY_FIRST:
                cells[index] = _neutralised(text)
        for index, write in self.formatted:
            value = cells[index]
            if value is not None:
                cells[index] = write(value)
        return cells


class _Echo:
    """csv.writer writes into this and gets the line back (csv_row)."""

    def write(self, value):
        return value


def csv_lines(queryset, columns: list[Column], counted: list | None = None) -> Iterator[str]:
    """The header (with the BOM) then the rows, in pieces of about CHUNK_CHARS, never holding more
    than a chunk of rows. `counted`, when given, receives the number of data rows at the end."""
    header = [_neutralised(str(column.header)) for column in columns]
    # In the active time zone, fetched once: the stream is consumed after the view returns.
    cells = _RowCells(columns, timezone.get_current_timezone())
    keys = [column.key for column in columns]

    def chunks():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=DELIMITER)
        buffer.write(BOM)
        writer.writerow(header)
        rows = 0
        fetched = queryset.values_list(*keys).iterator(chunk_size=CHUNK_SIZE)
        # A few hundred rows a write (a fraction of a chunk): one writerows call and one size check
        # for them rather than one of each per row.
        for batch in iter(lambda: list(islice(fetched, ROWS_PER_WRITE)), []):
            rows += len(batch)
            writer.writerows(map(cells, batch))
            if buffer.tell() >= CHUNK_CHARS:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()
        if counted is not None:
            counted.append(rows)

    return chunks()


def csv_row(values: Iterable) -> str:
    """One more line in the same conventions (a totals row after `csv_lines`)."""
    return csv.writer(_Echo(), delimiter=DELIMITER).writerow([_cell(value) for value in values])


def csv_filename(prefix: str) -> str:
    return f"{prefix}-{timezone.localdate().isoformat()}.csv"


def csv_response(lines: Iterable[str], prefix: str) -> StreamingHttpResponse:
    """A download of CSV text pieces (`csv_lines`, `csv_row`), named `prefix-AAAA-MM-JJ.csv`."""
    response = StreamingHttpResponse((line.encode("utf-8") for line in lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{csv_filename(prefix)}"'
    return response


def streaming_csv_response(queryset, columns: list[Column], prefix: str) -> StreamingHttpResponse:
    return csv_response(csv_lines(queryset, columns), prefix)


def write_csv(queryset, columns: list[Column], binary_file) -> int:
    """Write the export into an open binary file; returns the number of data rows."""
    counted = []
    for chunk in csv_lines(queryset, columns, counted):
        binary_file.write(chunk.encode("utf-8"))
    return counted[0]
