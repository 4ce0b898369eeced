"""CSV exports of admin lists, written for Excel as Québec staff use it.

Excel in French (Canada) opens a CSV by double-click with the regional list separator and decimal
mark, so files use `;` between fields and `,` in amounts (`4000,00`, no thousands separator, no
currency sign: a number Excel can sum). The file starts with a UTF-8 byte order mark, without which
Excel reads accents as Windows-1252. Dates are written `AAAA-MM-JJ HH:MM` in Montréal time.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula
when the file is opened (`=HYPERLINK(...)` in a project title): such cells get a leading apostrophe,
so Excel and LibreOffice show the text as typed (OWASP « CSV injection »). Numbers we write ourselves
(amounts, counts) are never text and keep their sign: `-250,00` stays a number Excel can sum.

Rows are read over `queryset.iterator(chunk_size=…)` and written into pieces of about CHUNK_CHARS
(64 KB), so memory stays flat whatever the number of rows and a web response (StreamingHttpResponse)
sends a few hundred pieces rather than one socket write per row; a large export is written by a
Celery task into private storage. On PostgreSQL, when every column is text, a whole number, an
amount column or a moment column, the database writes each row's whole line (`_CsvLine`): Python
then joins ready lines instead of converting and formatting 50 000 × 11 values, which was most of
the export's time. Otherwise (SQLite, other types) rows are read with `values_list()` and each
column picks its formatter once, from its first value, every date put in one time zone object
fetched at the start. Both write the same bytes (tests/staff/test_exports.py compares them).
"""

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import islice

from django.conf import settings
from django.db import connections
from django.db.backends.postgresql.psycopg_any import is_psycopg3
from django.db.models import F, Func, TextField
from django.db.models.expressions import Col
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
_SPACES = " \u00a0\u202f"


def _neutralised(text: str) -> str:
    """The text with a leading apostrophe when a spreadsheet would read it as a formula (spaces
    before the sign do not stop Excel)."""
    if text.startswith(_CONTROL_STARTS) or text.lstrip(_SPACES).startswith(_FORMULA_STARTS):
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
_RISKY_FIRST = frozenset("".join(_FORMULA_STARTS) + "".join(_CONTROL_STARTS) + _SPACES)


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


# --- Cells written by PostgreSQL --------------------------------------------------------------
# `COPY (query) TO STDOUT WITH (FORMAT csv)` quotes a cell holding the separator, a quote or a line
# end and doubles its quotes, as csv.writer's minimal quoting does, in C; unlike a cursor's query it
# may run in parallel workers. Each piece of SQL below gives a cell's text as the Python path
# writes it: texts through _neutralised, numbers as str(), amounts f"{:.2f}" with a comma, moments
# `AAAA-MM-JJ HH:MM`, and '' as NULL (COPY writes NULL as nothing but '' as `""`).

# The first characters after which _neutralised may add its apostrophe (code points, for ascii()):
# one integer test for most texts, the pattern only for the others.
_RISKY_CODES = sorted(ord(character) for character in _RISKY_FIRST)
_FORMULA_PATTERN = "^([" + "".join(_CONTROL_STARTS) + "]|[" + _SPACES + "]*[-=+@])"
_TEXT_FIELDS = {"CharField", "TextField", "SlugField"}
_INTEGER_FIELDS = {
    "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField",
    "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField",
}


def _text_sql(sql: str, params: tuple) -> tuple[str, tuple]:
    return (
        f"NULLIF(CASE WHEN ascii({sql}) = ANY(%s) AND {sql} ~ %s THEN %s || {sql} ELSE {sql} END, '')",
        (*params, _RISKY_CODES, *params, _FORMULA_PATTERN, "'", *params, *params),
    )


def _integer_sql(sql: str, params: tuple) -> tuple[str, tuple]:
    return f"({sql})::text", params


def _amount_sql(sql: str, params: tuple) -> tuple[str, tuple]:
    # A numeric(…, 2) column's text has its two decimals already: f"{:.2f}" adds nothing to it.
    return f"replace(({sql})::text, '.', ',')", params


def _moment_writer(zone_name: str) -> Callable:
    def moment_sql(sql: str, params: tuple) -> tuple[str, tuple]:
        return f"to_char(({sql}) AT TIME ZONE %s, 'YYYY-MM-DD HH24:MI')", (*params, zone_name)

    return moment_sql


def _labels_writer_sql(labels, other: Callable) -> Callable | None:
    """The label of a stored code (as _labels_writer, resolved now in the active language), or the
    value itself written by `other` for a code without one."""
    mapping = {value: _neutralised(str(label)) for value, label in getattr(labels, "choices", labels)}
    if None in mapping:
        return None  # SQL's CASE never matches NULL

    def labels_sql(sql: str, params: tuple) -> tuple[str, tuple]:
        otherwise, other_params = other(sql, params)
        whens = " ".join("WHEN %s THEN %s" for _code in mapping)
        codes = [item for code_label in mapping.items() for item in code_label]
        return f"NULLIF(CASE {sql} {whens} ELSE {otherwise} END, '')", (*params, *codes, *other_params)

    return labels_sql


def _cell_writer_sql(expression, labels, zone_name: str | None) -> Callable | None:
    """How PostgreSQL writes the cells of one column, or None when only Python writes them as the
    export should: a field converted in Python, floats (their text differs), dates and booleans
    (no export has them), and amounts or moments that are computed rather than read from a column
    (their scale or their type is not the column's)."""
    field = expression.output_field
    if hasattr(field, "from_db_value"):
        return None
    kind = field.get_internal_type()
    column = isinstance(expression, Col)
    if kind in _TEXT_FIELDS:
        writer = _text_sql
    elif kind in _INTEGER_FIELDS:
        writer = _integer_sql
    elif column and kind == "DecimalField" and field.decimal_places == 2:
        writer = _amount_sql
    elif column and kind == "DateTimeField" and settings.USE_TZ and zone_name:
        writer = _moment_writer(zone_name)
    else:
        return None
    return writer if labels is None else _labels_writer_sql(labels, writer)


class _CsvCell(Func):
    """A cell's text as the export writes it (before COPY's quoting), by its column's writer."""

    output_field = TextField()

    def __init__(self, expression, *, writer: Callable):
        super().__init__(expression)
        self.writer = writer

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return self.writer(sql, tuple(params))


def sql_cells(queryset, columns: list[Column]):
    """The rows as the cells' texts written by PostgreSQL (a values_list for COPY), or None when
    Python must write them (see _cell_writer_sql; psycopg 3 has no copy_expert). A single column
    stays in Python: csv.writer writes a row of one empty cell as `""`. DISTINCT too: it would
    compare the written cells instead of the values."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or is_psycopg3 or len(columns) < 2 or queryset.query.distinct:
        return None
    zone_name = getattr(timezone.get_current_timezone(), "key", None)
    names = [f"_csv_{index}" for index in range(len(columns))]
    aliased = queryset.alias(**{name: F(column.key) for name, column in zip(names, columns, strict=True)})
    writers = [
        _cell_writer_sql(aliased.query.annotations[name], column.labels, zone_name)
        for name, column in zip(names, columns, strict=True)
    ]
    if None in writers:
        return None
    cells = {f"{name}_text": _CsvCell(F(name), writer=writer) for name, writer in zip(names, writers, strict=True)}
    return aliased.annotate(**cells).values_list(*cells)


class _RowEnds:
    """Where COPY writes its rows, one per call (the protocol sends a row a message), each ended
    as csv.writer ends it (`\r\n`, where COPY writes `\n`): a line end inside a quoted cell stays."""

    def __init__(self, file):
        self.file = file
        self.rows = 0

    def write(self, row: bytes):
        self.rows += 1
        self.file.write(row[:-1] + b"\r\n")


def _copied_pieces(header: list[str], cells, counted: list | None) -> Iterator[str]:
    """COPY's rows spooled to a temporary file (memory stays flat, the database is done with the
    query at once, as a cursor's WITH HOLD would have it), then read back in pieces of CHUNK_CHARS,
    the first one starting with the BOM and the header."""
    start = BOM + csv.writer(_Echo(), delimiter=DELIMITER).writerow(header)
    connection = connections[cells.db]
    sql, params = cells.query.sql_with_params()
    with tempfile.TemporaryFile() as spool:
        rows = _RowEnds(spool)
        # Django's wrapper wraps only execute and fetch: its error translation (and the flag that
        # has a broken persistent connection closed) is asked for here.
        with connection.cursor() as cursor, connection.wrap_database_errors:
            query = cursor.mogrify(sql, params).decode()
            cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, DELIMITER '{DELIMITER}')", rows)
        spool.seek(0)
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        yield start + text.read(max(CHUNK_CHARS - len(start), 0))
        while piece := text.read(CHUNK_CHARS):
            yield piece
    if counted is not None:
        counted.append(rows.rows)


def csv_lines(queryset, columns: list[Column], counted: list | None = None) -> Iterator[str]:
    """The header (with the BOM) then the rows, in pieces of about CHUNK_CHARS, never holding more
    than a chunk of rows in memory. `counted`, when given, receives the number of data rows at the
    end. Headers, labels and the time zone are taken now, in the active language and zone: a stream
    is consumed after the view returns."""
    cells = sql_cells(queryset, columns)
    if cells is not None:
        return _copied_pieces([_neutralised(str(column.header)) for column in columns], cells, counted)
    fetched = queryset.values_list(*[column.key for column in columns]).iterator(chunk_size=CHUNK_SIZE)
    return rows_csv_lines(fetched, columns, counted)


def rows_csv_lines(rows: Iterator, columns: list[Column], counted: list | None = None) -> Iterator[str]:
    """`csv_lines` of rows already read (tuples in the columns' order), written in Python."""
    header = [_neutralised(str(column.header)) for column in columns]
    # In the active time zone, fetched once: the stream is consumed after the view returns.
    cells = _RowCells(columns, timezone.get_current_timezone())

    def chunks():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=DELIMITER)
        buffer.write(BOM)
        writer.writerow(header)
        written = 0
        # A few hundred rows a write (a fraction of a chunk): one writerows call and one size check
        # for them rather than one of each per row.
        for batch in iter(lambda: list(islice(rows, ROWS_PER_WRITE)), []):
            written += len(batch)
            writer.writerows(map(cells, batch))
            if buffer.tell() >= CHUNK_CHARS:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()
        if counted is not None:
            counted.append(written)

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
