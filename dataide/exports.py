"""CSV exports of admin lists, written for Excel as Québec staff use it.

Excel in French (Canada) opens a CSV by double-click with the regional list separator and decimal
mark, so files use `;` between fields and `,` in amounts (`4000,00`, no thousands separator, no
currency sign: a number Excel can sum). The file starts with a UTF-8 byte order mark, without which
Excel reads accents as Windows-1252. Dates are written `AAAA-MM-JJ HH:MM` in Montréal time.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula
when the file is opened (`=HYPERLINK(...)` in a project title): such cells get a leading apostrophe,
so Excel and LibreOffice show the text as typed (OWASP « CSV injection »). Numbers we write ourselves
(amounts, counts) are never text and keep their sign: `-250,00` stays a number Excel can sum.

Rows are read with `values()` over `queryset.iterator(chunk_size=…)` and written one at a time,
so memory stays flat whatever the number of rows: a web response streams them
(StreamingHttpResponse); a large export is written by a Celery task into private storage.
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

CHUNK_SIZE = 2000
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


def _writers(columns: list[Column]) -> list[Callable]:
    """One function per column, its choice labels resolved now, in the active language: a stream
    is consumed after the view returns, when no language is guaranteed."""
    writers = []
    for column in columns:
        if column.labels is None:
            writers.append(_cell)
        else:
            choices = getattr(column.labels, "choices", column.labels)
            mapping = {value: _neutralised(str(label)) for value, label in choices}
            writers.append(lambda value, mapping=mapping: mapping[value] if value in mapping else _cell(value))
    return writers


class _Echo:
    """csv.writer writes into this and gets the line back, so rows can be yielded one by one."""

    def write(self, value):
        return value


def csv_lines(queryset, columns: list[Column]) -> Iterator[str]:
    """The header (with the BOM) then one line per row, never holding more than a chunk."""
    header = [_neutralised(str(column.header)) for column in columns]
    writers = _writers(columns)
    keys = [column.key for column in columns]
    writer = csv.writer(_Echo(), delimiter=DELIMITER)

    def lines():
        yield BOM + writer.writerow(header)
        for row in queryset.values(*keys).iterator(chunk_size=CHUNK_SIZE):
            yield writer.writerow([write(row[key]) for write, key in zip(writers, keys, strict=True)])

    return lines()


def csv_row(values: Iterable) -> str:
    """One more line in the same conventions (a totals row after `csv_lines`)."""
    return csv.writer(_Echo(), delimiter=DELIMITER).writerow([_cell(value) for value in values])


def csv_filename(prefix: str) -> str:
    return f"{prefix}-{timezone.localdate().isoformat()}.csv"


def streaming_csv_response(queryset, columns: list[Column], prefix: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(queryset, columns)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{csv_filename(prefix)}"'
    return response


def write_csv(queryset, columns: list[Column], binary_file) -> int:
    """Write the export into an open binary file; returns the number of data rows."""
    count = -1
    for count, line in enumerate(csv_lines(queryset, columns)):  # noqa: B007 (the count is the result)
        binary_file.write(line.encode("utf-8"))
    return count
