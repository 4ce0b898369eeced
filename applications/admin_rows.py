"""The applications list's rows printed from Python strings, the same HTML Django's admin prints.

Django builds each cell through `lookup_field`, `format_html` and the template of every cell
(items_for_result): for 50 rows of nine columns, close to half of the list's time. Here each
column is looked at once per page (what it is, its CSS classes, whether it links to the
application) and each row is one string of cells. What this does not know (a popup, editable
rows, several links per row, a related `__` column, a field made by Django) goes through Django's own `results`;
tests/staff/test_application_rows.py checks the two print the same page.

When every column says what it reads (a field, a relation shown as its object's text, a column
made with dataide.admin_helpers.row_values), the change list reads its page as value tuples
(`value_lookups`, ApplicationChangeList.get_results) instead of 50 applications with their
organisme, region and tier: building those instances cost a fifth of the page."""

import datetime
import functools
import inspect
from html import escape
from operator import attrgetter

from django.conf import settings
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _coerce_field_name,
    admin_actions,
    pagination,
    result_headers,
    result_hidden_fields,
    results,
    search_form,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.forms import Media
from django.templatetags.static import static
from django.utils import timezone
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as gettext_django  # Django's own strings, from its catalogue
from django.utils.translation import ngettext as gettext_django_plural

from dataide.formatting import datetime_formatter
from dataide.formatting import escape as escape_text
from dataide.i18n import translated

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


def results_table(cl) -> SafeString | None:
    """What Django's admin/change_list_results.html prints for this list (the tag's context being
    `result_list`'s), when `_rows` prints its rows; else None (Django's tag and template). The
    template's loops, tags and filters over its headers and 50 rows cost the page ~5 600 calls;
    its strings are Django's, from Django's catalogue as the template reads them."""
    rows = _rows(cl)
    if rows is None:
        return None
    hidden = "".join(_escaped(item) for item in result_hidden_fields(cl))
    html = ["\n", f'\n<div class="hiddenfields">\n{hidden}\n</div>\n' if hidden else "", "\n"]
    if rows:
        headers = list(result_headers(cl))
        sorted_fields = sum(1 for header in headers if header["sortable"] and header["sorted"])
        html.append('\n<div class="results">\n<table id="result_list">\n<thead>\n<tr>\n')
        language = get_language()
        html.extend(_header(header, sorted_fields, language) for header in headers)
        html.append("\n</tr>\n</thead>\n<tbody>\n")
        # A printed row is one ResultList of one item: its cells, already escaped.
        html.extend(f"\n\n<tr>{row[0]}</tr>\n" for row in rows)
        html.append("\n</tbody>\n</table>\n</div>\n")
    html.append("\n")
    return mark_safe("".join(html))


def _header(header: dict, sorted_fields: int, language: str | None) -> str:
    """One `<th>` of admin/change_list_results.html (`language`: the active one)."""
    text = header["text"]
    capfirst = translated(text, language)
    capfirst = capfirst and capfirst[0].upper() + capfirst[1:]
    if not isinstance(text, SafeData):  # the capfirst filter keeps a safe text safe
        capfirst = escape(capfirst)
    options = ""
    if header["sortable"] and header["sort_priority"] > 0:
        priority = ""
        if sorted_fields > 1:
            title = gettext_django("Sorting priority: %(priority_number)s") % {"priority_number": header["sort_priority"]}
            priority = f'<span class="sortpriority" title="{title}">{header["sort_priority"]}</span>'
        remove, toggle = escape(gettext_django("Remove from sorting")), escape(gettext_django("Toggle sorting"))
        direction = "ascending" if header["ascending"] else "descending"
        options = (
            f'\n       <div class="sortoptions">\n         <a class="sortremove" href="{escape(header["url_remove"])}"'
            f' title="{remove}"></a>\n         {priority}\n         <a href="{escape(header["url_toggle"])}"'
            f' class="toggle {direction}" title="{toggle}"></a>\n       </div>\n   '
        )
    if header["sortable"]:
        text = f'<a href="{escape(header["url_primary"])}">{capfirst}</a>'
    else:
        text = f"<span>{capfirst}</span>"
    return (
        f'\n<th scope="col"{_escaped(header["class_attrib"])}>\n   {options}\n   <div class="text">{text}</div>\n'
        f'   <div class="clear"></div>\n</th>'
    )


def _printable(cl) -> bool:
    """Whether _rows prints this list (else Django's own `results`)."""
    links = cl.list_display_links
    return not (getattr(cl, "formset", None) or cl.is_popup or cl.to_field or not links or len(links) != 1)


def value_lookups(cl) -> list[str] | None:
    """The `values_list` names the rows of this page can be printed from (the primary key first),
    or None when a column needs the model instance or Django prints the rows."""
    if cl.list_editable or not _printable(cl):
        return None
    lookups = [cl.lookup_opts.pk.attname]
    for name in cl.list_display:
        reads = _reads(cl, name)
        if reads is None:
            return None
        lookups += [lookup for lookup in reads if lookup not in lookups]
    return lookups


def _reads(cl, name) -> list[str] | None:
    field = _field(cl, name)
    if field is None:
        attr = name if callable(name) else getattr(cl.model_admin, name, None)
        if getattr(attr, "row_values", None) is None:
            return None
        return [lookup for read in attr.row_values for lookup in _lookups_of(cl, read)]
    if field.auto_created or field.is_relation and not isinstance(field, models.ForeignKey):
        return None
    return _lookups_of(cl, name)


def _lookups_of(cl, lookup: str) -> list[str]:
    """A relation is read as the fields of its object's text (_text_attnames), anything else as itself."""
    field = _field(cl, lookup)
    if isinstance(field, models.ForeignKey):
        return [f"{lookup}__{attname}" for attname in _text_attnames(field.related_model)]
    return [field.attname if field is not None else lookup]


def _field(cl, name):
    if not isinstance(name, str) or LOOKUP_SEP in name:
        return None
    try:
        return cl.lookup_opts.get_field(name)
    except FieldDoesNotExist:
        return None


def _rows(cl) -> list | None:
    if not _printable(cl):
        return None
    # The page's rows are value tuples when ApplicationChangeList read them so (value_lookups).
    related = {} if getattr(cl, "row_lookups", None) else None
    link, cells = _Link(cl), []
    for index, name in enumerate(cl.list_display):
        cell = _cell(cl, name, index, link if name in cl.list_display_links else None, related=related)
        if cell is None:
            return None
        cells.append(cell)
    # SafeString rather than mark_safe: the same string, without the lazy-argument wrapper per row.
    return [ResultList(None, [SafeString("".join([cell(result) for cell in cells]))]) for result in cl.result_list]


def printed_pagination(cl) -> SafeString:
    """What Django's admin/pagination.html prints with the context of Django's `pagination` tag:
    the template, its `paginator_number` tags (format_html per page) and its translations cost the
    list some 1 200 calls."""
    context = pagination(cl)
    html = ['\n\n<p class="paginator">\n']
    if context["pagination_required"]:
        paginator, this_page = cl.paginator, cl.page_num
        ellipsis = f"{_escaped(paginator.ELLIPSIS)} "
        html.append("\n")
        for number in context["page_range"]:
            if number == paginator.ELLIPSIS:
                link = ellipsis
            elif number == this_page:
                link = f'<span class="this-page">{number}</span> '
            else:
                end = ' class="end"' if number == paginator.num_pages else ""
                link = f'<a href="{_escaped(cl.get_query_string({PAGE_VAR: number}))}"{end}>{number}</a> '
            html.append(f"\n    {link}\n")
        html.append("\n")
    name = cl.opts.verbose_name if cl.result_count == 1 else cl.opts.verbose_name_plural
    html.append(f"\n{_escaped(localize(cl.result_count))} {_escaped(name)}\n")
    if context["show_all_url"]:
        show_all = gettext_django("Show all")
        html.append(f'<a href="{_escaped(context["show_all_url"])}" class="showall">{show_all}</a>')
    html.append("\n")
    if cl.formset and cl.result_count:
        save = gettext_django("Save")
        html.append(f'<input type="submit" name="_save" class="default" value="{save}">')
    html.append("\n</p>\n")
    return mark_safe("".join(html))


def printed_search_form(cl) -> SafeString:
    """What Django's admin/search_form.html prints with the context of Django's `search_form` tag:
    its template, static address, translations and loop over the list's parameters cost the list
    some 800 calls."""
    context = search_form(cl)
    html = ["\n"]
    if cl.search_fields:
        language = get_language()
        help_text = cl.search_help_text
        described = ' aria-describedby="searchbar_helptext"' if help_text else ""
        html.append(
            '\n<div id="toolbar"><form id="changelist-search" method="get" role="search">\n'
            '<div><!-- DIV needed for valid HTML -->\n'
            f'<label for="searchbar"><img src="{_escaped(static("admin/img/search.svg"))}" alt="Search"></label>\n'
            f'<input type="text" size="40" name="{_escaped(context["search_var"])}" value="{_escaped(cl.query)}"'
            f' id="searchbar"{described}>\n'
            f'<input type="submit" value="{_escaped(gettext_django("Search"))}">\n'
        )
        if context["show_result_count"]:
            html.append(f"\n    {_result_count(cl, context)}\n")
        html.append("\n")
        search_var = context["search_var"]
        for name, value in cl.params.items():
            hidden = f'<input type="hidden" name="{_escaped(name)}" value="{_escaped(value)}">' if name != search_var else ""
            html.append(f"\n    {hidden}\n")
        html.append("\n</div>\n")
        if help_text:
            html.append(
                f'\n<br class="clear">\n<div class="help" id="searchbar_helptext">{_escaped(translated(help_text, language))}</div>\n'
            )
        html.append("\n</form></div>\n")
    html.append("\n")
    return SafeString("".join(html))


def _result_count(cl, context) -> str:
    """The search form's « N résultats (Tout afficher) »."""
    count = gettext_django_plural("%(counter)s result", "%(counter)s results", cl.result_count)
    query = ""
    if cl.is_popup:
        query = f"{context['is_popup_var']}=1{'&' if cl.add_facets else ''}"
    if cl.add_facets:
        query += context["is_facets_var"]
    if cl.show_full_result_count:
        whole = gettext_django("%(full_result_count)s total") % {"full_result_count": _escaped(localize(cl.full_result_count))}
    else:
        whole = _escaped(gettext_django("Show all"))
    shown = count % {"counter": _escaped(localize(cl.result_count))}
    # The address as the template writes it: Django's two parameter names and a bare « & ».
    return f'<span class="small quiet">{shown} (<a href="?{query}">{whole}</a>)</span>'


def printed_admin_actions(context) -> SafeString:
    """What Django's admin/actions.html prints with the context of Django's `admin_actions` tag
    (whose count of action forms on the page it keeps): its blocks, loop and translations cost
    the list some 900 calls. The action form's fields are printed_action_form's. `context` is the
    page's, which the tag's function (Django's admin_actions) changes as Django's tag does."""
    context = admin_actions(context)
    cl, language = context["cl"], get_language()
    fields = "".join(
        f"<label>{_escaped(translated(field.label, language))} {_escaped(field)}</label>" if field.label else _escaped(field)
        for field in context["action_form"]
    )
    html = [
        '\n<div class="actions">\n  \n    \n    ', fields, "\n    \n    \n    ",
        f'<button type="submit" class="button" title="{_escaped(gettext_django("Run the selected action"))}"'
        f' name="index" value="{_escaped(context.get("action_index") or 0)}">{_escaped(gettext_django("Go"))}</button>\n'
        "    \n    \n    ",
    ]
    if context.get("actions_selection_counter"):
        shown = len(cl.result_list)
        html.append(
            f'\n        <span class="action-counter" data-actions-icnt="{shown}">{_escaped(context.get("selection_note", ""))}</span>\n'
            "        "
        )
        if cl.result_count != shown:
            select_all = gettext_django("Select all %(total_count)s %(module_name)s") % {
                "total_count": _escaped(localize(cl.result_count)), "module_name": _escaped(context.get("module_name", "")),
            }
            title = _escaped(gettext_django("Click here to select the objects across all pages"))
            html.append(
                f'\n        <span class="all hidden">{_escaped(context.get("selection_note_all", ""))}</span>\n'
                f'        <span class="question hidden">\n            <a role="button" href="#" title="{title}">{select_all}</a>\n'
                f'        </span>\n        <span class="clear hidden"><a role="button" href="#">'
                f'{_escaped(gettext_django("Clear selection"))}</a></span>\n        '
            )
        html.append("\n    ")
    html.append("\n    \n  \n</div>\n")
    return SafeString("".join(html))


def printed_action_form(form) -> list:
    """The fields of Django's action form (the select above the list), as admin/actions.html
    iterates them, printed once per language and set of actions: the widgets' templates cost some
    3 000 calls a page. A list page's action form is never bound (Django makes it afresh, unbound,
    on every request), so its HTML depends on nothing else; the CSRF token and the selection
    counter stay in the page's template, made per request."""
    choices = tuple((value, str(label)) for value, label in form.fields["action"].choices)
    return _printed_action_fields(type(form), get_language(), choices)


@functools.lru_cache(maxsize=32)
def _printed_action_fields(form_class, language: str | None, choices: tuple) -> list:
    form = form_class(auto_id=None)
    form.fields["action"].choices = choices
    return [_PrintedField(str(field), str(field.label)) for field in form]


def printed_media(media):
    """The list's Media as the page prints it (`{{ media.js }}`, `{{ media.css }}`, `{{ media }}`),
    printed once per process and set of files: the same scripts on every request, each address
    made again by the static files storage, some 1 200 calls a page. Files that cannot be a key (a
    script given as an object) leave Django's Media as it is."""
    try:
        return _printed_media(
            tuple(media._js), tuple((medium, tuple(paths)) for medium, paths in media._css.items()), settings.STATIC_URL,
        )
    except TypeError:
        return media


@functools.lru_cache(maxsize=32)
def _printed_media(js: tuple, css: tuple, static_url) -> SafeString:
    media = Media(js=list(js), css={medium: list(paths) for medium, paths in css})
    printed = _PrintedMedia(str(media))
    printed.js, printed.css = mark_safe(str(media["js"])), mark_safe(str(media["css"]))
    return printed


class _PrintedMedia(SafeString):
    """Media printed: `{{ media }}`, and `.js` and `.css` as the template reads them."""


class _PrintedField(SafeString):
    """One field of the action form as the template reads it: `{{ field }}` and `{{ field.label }}`."""

    def __new__(cls, html: str, label: str):
        printed = super().__new__(cls, html)
        printed.label = label
        return printed


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
        return escape_text(path + self.queries[query])


def _printed(classes: str, text, link):
    """A column's cells: `text(result)` is its text, already escaped or safe; `link`, when the
    column links to the row's page, the row's address (_Link)."""
    if link is None:
        opening = f'<td class="{classes}">'
        return lambda result: f"{opening}{text(result)}</td>"
    opening = f'<th class="{classes}"><a href="'
    return lambda result: f'{opening}{link(result)}">{text(result)}</a></th>'


class _Computed:
    """The cells of a computed column, shown as Django shows its value (display_for_value): a
    date or time gets the `nowrap` class too, so the class is written per cell."""

    def __init__(self, classes: str, value, empty, link):
        self.classes, self.value, self.link = classes, value, link
        self.empty, self.empty_text = empty, _escaped(empty)

    def __call__(self, result) -> str:
        value = self.value(result)
        kind = value.__class__
        if kind is str or kind is SafeString:  # most values: a text, no date, nothing to convert
            text, nowrap = (value if kind is SafeString else value.translate(_ESCAPES)) if value.strip() else self.empty_text, ""
        elif value is None:  # a draft's amounts: the empty mark, no date
            text, nowrap = self.empty_text, ""
        else:
            text, nowrap = _shown(value, self.empty)
        classes = f"{self.classes} {nowrap}" if nowrap else self.classes
        if self.link is None:
            return f'<td class="{classes}">{text}</td>'
        return f'<th class="{classes}"><a href="{self.link(result)}">{text}</a></th>'


def _cell(cl, name, index: int, link, related: dict | None):
    """The column's cells, a function of a row (None when Django must print it); `related` is None
    for rows that are model instances, else the texts of the related objects of value rows,
    shared by the page's columns."""
    admin = cl.model_admin
    empty = admin.get_empty_value_display()
    classes = "field-" + _coerce_field_name(name, index)
    field = _field(cl, name)
    if field is None:
        if isinstance(name, str) and LOOKUP_SEP in name:
            return None
        attr = name if callable(name) else getattr(admin, name, None)
        if attr is None:
            return None
        if name == "action_checkbox":
            classes = "action-checkbox"
        if getattr(attr, "boolean", False):
            return None
        empty = getattr(attr, "empty_value_display", empty)
        if related is not None:
            attr = _from_values(cl, attr, related)
        return _Computed(classes, attr, empty, link)
    if field.auto_created or field.is_relation and not isinstance(field, models.ForeignKey):
        return None
    if isinstance(field, models.ForeignKey):
        if related is not None:
            return _printed(f"{classes} nowrap", functools.partial(_text_of(cl, name, related).escaped, _escaped(empty)), link)
        text = attrgetter(field.name)
        return _printed(f"{classes} nowrap", lambda result: _text(text(result), empty), link)
    if isinstance(field, (models.DateField, models.TimeField)):
        classes += " nowrap"
    if isinstance(field, models.DateTimeField) and not field.flatchoices:
        return _printed(classes, _DateTimes(field.attname, empty), link)
    if field.flatchoices:
        choices = _escaped_choices(field, get_language())
        empty_text = conditional_escape(empty)
        value = attrgetter(field.attname)
        return _printed(classes, lambda result: choices.get(value(result), empty_text), link)
    return _printed(
        classes,
        lambda result: conditional_escape(display_for_field(getattr(result, field.attname), field, empty, avoid_link=link is not None)),
        link,
    )


def _from_values(cl, attr, related: dict):
    """The column `attr` (made with row_values) as a function of a value row, the one its
    `per_page` makes for this page when it has one."""
    method = inspect.ismethod(attr)
    if attr.per_page is not None:
        function = attr.per_page(attr.__self__) if method else attr.per_page()
    else:
        function = functools.partial(attr.from_values, attr.__self__) if method else attr.from_values
    reads = [
        _text_of(cl, lookup, related) if isinstance(_field(cl, lookup), models.ForeignKey)
        else attrgetter(_lookups_of(cl, lookup)[0])
        for lookup in attr.row_values
    ]
    if len(reads) == 1:
        read = reads[0]
        return lambda row: function(read(row))
    return lambda row: function(*[read(row) for read in reads])


def _text_of(cl, name: str, related: dict):
    if name not in related:
        related[name] = _RelatedText(cl.lookup_opts.get_field(name), _lookups_of(cl, name))
    return related[name]


@functools.lru_cache(maxsize=64)
def _escaped_choices(field, language: str | None) -> dict:
    """{value: label escaped} of a field with choices, in `language` (the active one): its labels
    are lazy, and each escape translated it again (some thirty calls a label, every list)."""
    return {value: conditional_escape(label) for value, label in field.flatchoices}


def _text_attnames(model) -> list[str]:
    """The columns a related object's text is made from: its primary key and the fields its
    __str__ reads when the model names them (`text_fields`, next to its __str__), else all of them.
    A tier named by its two names reads 3 of its 15 columns, some 1 400 calls fewer a list."""
    fields = getattr(model, "text_fields", None)
    if fields:
        return [model._meta.pk.attname, *fields]
    return [related.attname for related in model._meta.concrete_fields]


class _RelatedText:
    """str() of a row's related object, made from the row's values once per object and page: the
    50 rows of a page share a few regions and tiers."""

    def __init__(self, field, lookups: list[str]):
        self.model = field.related_model
        self.attnames = _text_attnames(self.model)
        self.lookups, self.texts, self.escaped_texts = lookups, {}, {}
        self.key = attrgetter(f"{field.name}__{self.model._meta.pk.attname}")

    def escaped(self, empty_text: str, row) -> str:
        """The text escaped as a cell prints it (`empty_text` without an object), once per object."""
        pk = self.key(row)
        if pk is None:
            return empty_text
        try:
            return self.escaped_texts[pk]
        except KeyError:
            text = self.escaped_texts[pk] = _escaped(self(row))
            return text

    def __call__(self, row):
        pk = self.key(row)
        if pk is None:
            return None
        try:
            return self.texts[pk]
        except KeyError:
            values = [getattr(row, lookup) for lookup in self.lookups]
            text = self.texts[pk] = str(self.model.from_db(None, self.attnames, values))
            return text


class _DateTimes:
    """A date and time column as display_for_field shows it (localize of the local time): one
    time zone and one formatter per page (dataide.formatting.datetime_formatter) rather than
    Django's DateFormat per cell."""

    def __init__(self, attname: str, empty):
        self.value, self.empty = attrgetter(attname), conditional_escape(empty)
        self.format = datetime_formatter("DATETIME_FORMAT")
        self.zone = timezone.get_current_timezone() if settings.USE_TZ else None

    def __call__(self, result) -> str:
        value = self.value(result)
        if value is None:
            return self.empty
        if self.zone is not None and value.tzinfo is not None:  # template_localtime
            value = value.astimezone(self.zone)
        return escape_text(self.format(value))


def _text(value, empty) -> str:
    return _escaped(empty if value is None else value)


def _shown(value, empty) -> tuple[str, str]:
    """A computed column's value as Django shows it (display_for_value), with its `nowrap`."""
    if isinstance(value, str) and value.strip() == "":
        value = ""
    nowrap = "nowrap" if isinstance(value, (datetime.date, datetime.time)) else ""
    if value in _EMPTY:
        return _escaped(empty), nowrap
    if isinstance(value, str):
        return _escaped(value), nowrap
    return _escaped(display_for_value(value, empty)), nowrap


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def _escaped(value) -> str:
    """conditional_escape's text (html.escape's five characters), without the lazy-argument
    wrapper of Django's escape and SafeString: a dozen calls per cell, for a row already marked safe."""
    if isinstance(value, Promise):
        value = str(value)
    html = getattr(value, "__html__", None)
    return html() if html is not None else str(value).translate(_ESCAPES)
