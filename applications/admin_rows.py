"""The applications list's rows printed from Python strings, the same HTML Django's admin prints.

Django builds each cell through `lookup_field`, `format_html` and the template of every cell
(items_for_result): for 50 rows of nine columns, close to half of the list's time. Here each
column is looked at once per page (what it is, its CSS classes, whether it links to the
application) and each row is one string of cells. What this does not know (a popup, editable
rows, several links per row, a related `__` column, a field made by Django) goes through Django's own `results`;
tests/staff/test_application_rows.py checks the two print the same page."""

import datetime
from html import escape

from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _coerce_field_name,
    result_headers,
    result_hidden_fields,
    results,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

_EMPTY = (None, "", [], (), {})


def result_list(cl) -> dict:
    """The context of Django's `result_list` tag, with rows made by `_rows` when it can."""
    headers = list(result_headers(cl))
    rows = _rows(cl)
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": list(results(cl)) if rows is None else rows,
    }


def _rows(cl) -> list | None:
    links = cl.list_display_links
    if cl.formset or cl.is_popup or cl.to_field or not links or len(links) != 1:
        return None
    cells = []
    for index, name in enumerate(cl.list_display):
        cell = _cell(cl, name, index, link=name in links)
        if cell is None:
            return None
        cells.append(cell)
    link = _Link(cl)
    return [ResultList(None, [mark_safe("".join(cell(link, result) for cell in cells))]) for result in cl.result_list]


class _Link:
    """The address of a row as Django writes it (add_preserved_filters). Without filters to merge
    (applications.admin.ApplicationChangeList puts them in the row's address already), Django
    only writes the query again: the same for every row, so written once."""

    def __init__(self, cl):
        self.cl, self.queries = cl, {}

    def __call__(self, result) -> str:
        cl = self.cl
        url = cl.url_for_result(result)
        context = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}
        path, mark, query = url.partition("?")
        if cl.preserved_filters or "#" in url:
            return escape(add_preserved_filters(context, url))
        if query not in self.queries:
            self.queries[query] = add_preserved_filters(context, mark + query)
        return escape(path + self.queries[query])


class _Cell:
    """One column: `value(result)` gives (its text, already escaped or safe; extra CSS class)."""

    def __init__(self, classes: str, value, link: bool):
        self.classes, self.value, self.link = classes, value, link

    def __call__(self, link: _Link, result) -> str:
        text, extra = self.value(result)
        classes = f"{self.classes} {extra}" if extra else self.classes
        if not self.link:
            return f'<td class="{classes}">{text}</td>'
        return f'<th class="{classes}"><a href="{link(result)}">{text}</a></th>'


def _cell(cl, name, index: int, link: bool) -> _Cell | None:
    admin = cl.model_admin
    empty = admin.get_empty_value_display()
    classes = "field-" + _coerce_field_name(name, index)
    field = None
    if isinstance(name, str):
        if LOOKUP_SEP in name:
            return None
        try:
            field = cl.lookup_opts.get_field(name)
        except FieldDoesNotExist:
            field = None
    if field is None:
        attr = name if callable(name) else getattr(admin, name, None)
        if attr is None:
            return None
        if name == "action_checkbox":
            classes = "action-checkbox"
        if getattr(attr, "boolean", False):
            return None
        empty = getattr(attr, "empty_value_display", empty)
        return _Cell(classes, lambda result: _shown(attr(result), empty), link)
    if field.auto_created or field.is_relation and not isinstance(field, models.ForeignKey):
        return None
    if isinstance(field, models.ForeignKey):
        return _Cell(f"{classes} nowrap", lambda result: (_text(getattr(result, field.name), empty), ""), link)
    if isinstance(field, (models.DateField, models.TimeField)):
        classes += " nowrap"
    if isinstance(field, models.DateTimeField) and not field.flatchoices:
        return _Cell(classes, _DateTimes(field.attname, empty), link)
    if field.flatchoices:
        choices = {value: conditional_escape(label) for value, label in field.flatchoices}
        empty_text = conditional_escape(empty)
        return _Cell(classes, lambda result: (choices.get(getattr(result, field.attname), empty_text), ""), link)
    return _Cell(
        classes,
        lambda result: (conditional_escape(display_for_field(getattr(result, field.attname), field, empty, avoid_link=link)), ""),
        link,
    )


class _DateTimes:
    """A date and time column as display_for_field shows it (localize of the local time), its
    format read once per page rather than once per cell (get_format, localize)."""

    def __init__(self, attname: str, empty):
        self.attname, self.empty = attname, conditional_escape(empty)
        self.format = get_format("DATETIME_FORMAT")

    def __call__(self, result) -> tuple[str, str]:
        value = getattr(result, self.attname)
        if value is None:
            return self.empty, ""
        return escape(dateformat.format(template_localtime(value), self.format)), ""


def _text(value, empty) -> str:
    return conditional_escape(empty if value is None else value)


def _shown(value, empty) -> tuple[str, str]:
    """A computed column's value as Django shows it (display_for_value), with its `nowrap`."""
    if isinstance(value, str) and value.strip() == "":
        value = ""
    nowrap = "nowrap" if isinstance(value, (datetime.date, datetime.time)) else ""
    if value in _EMPTY:
        return conditional_escape(empty), nowrap
    if isinstance(value, str):
        return conditional_escape(value), nowrap
    return conditional_escape(display_for_value(value, empty)), nowrap
