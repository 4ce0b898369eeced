"""The applications list's table, its rows printed by applications.admin_rows, and its filters."""

import functools
import re
from pathlib import Path

from django import template
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import admin_actions, admin_list_filter, pagination, search_form
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.encoding import iri_to_uri
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as gettext_django  # Django's own string, from its catalogue

from dataide.formatting import escape as escape_text
from dataide.i18n import translated

from .. import admin_rows
from ..admin_rows import printed_pagination, result_list, results_table

register = template.Library()


class _PrintedNode(InclusionAdminNode):
    """A tag of Django's admin (same template, same context) printed from Python by
    `printed(cl)` while the template chosen (per model, per app, the site's) is Django's own;
    `printed` may also answer None (Django's tag and template)."""

    def __init__(self, parser, token, *, func, template_name, printed, takes_context=False):
        super().__init__(parser, token, func=func, template_name=template_name, takes_context=takes_context)
        self.printed = printed
        self.djangos = str(Path(admin.__file__).parent / "templates" / "admin" / template_name)

    def render(self, context):
        opts = context["opts"]
        chosen = context.template.engine.select_template([
            f"admin/{opts.app_label.lower()}/{opts.model_name}/{self.template_name}",
            f"admin/{opts.app_label.lower()}/{self.template_name}",
            f"admin/{self.template_name}",
        ])
        if chosen.origin.name != self.djangos:
            return super().render(context)
        html = self.printed(context if self.takes_context else self.args[0].resolve(context))
        return super().render(context) if html is None else html


@register.tag(name="application_result_list")
def application_result_list(parser, token):
    """Django's `result_list` with faster rows, the table printed by admin_rows.results_table."""
    return _PrintedNode(parser, token, func=result_list, template_name="change_list_results.html", printed=results_table)


@register.tag(name="application_pagination")
def application_pagination(parser, token):
    """Django's `pagination`, printed by admin_rows.printed_pagination."""
    return _PrintedNode(parser, token, func=pagination, template_name="pagination.html", printed=printed_pagination)


@register.tag(name="application_search_form")
def application_search_form(parser, token):
    """Django's `search_form`, printed by admin_rows.printed_search_form (looked up when printing:
    the tests put Django's own in its place)."""
    return _PrintedNode(
        parser, token, func=search_form, template_name="search_form.html", printed=lambda cl: admin_rows.printed_search_form(cl),
    )


@register.tag(name="application_admin_actions")
def application_admin_actions(parser, token):
    """Django's `admin_actions`, printed by admin_rows.printed_admin_actions (looked up when printing)."""
    return _PrintedNode(
        parser, token, func=admin_actions, template_name="actions.html", takes_context=True,
        printed=lambda context: admin_rows.printed_admin_actions(context),
    )


# Django's admin/filter.html, written with str methods: the template costs a list of seven filters
# about a twentieth of the page. A filter with a template of its own goes through Django's tag.
_FILTER_TEMPLATE = "admin/filter.html"
_SELECTED = ' class="selected"'


@register.simple_tag
def application_list_filter(cl, spec):
    """What Django's `admin_list_filter` prints for this filter (tests/staff/test_application_rows.py
    checks the two agree)."""
    if spec.template != _FILTER_TEMPLATE:
        return admin_list_filter(cl, spec)
    language = get_language()
    title = escape_text(translated(spec.title, language))
    context = Context()
    items = "".join(
        f"\n    <li{_SELECTED if choice['selected'] else ''}>\n"
        f'    <a href="{_address(choice["query_string"])}">'
        f"{_display(choice['display'], context, language)}</a></li>\n  "
        for choice in spec.choices(cl)
    )
    summary = _by(language) % {"filter_title": title}
    return mark_safe(
        f'\n<details data-filter-title="{title}" open>\n  <summary>\n    {summary}\n  </summary>\n'
        f"  <ul>\n  {items}\n  </ul>\n</details>\n"
    )


# What urlencode writes (and iri_to_uri leaves as it is): such an address skips iri_to_uri's quote.
_URI = re.compile(r"[A-Za-z0-9_.~%+=&?/#\[\]:;$()!*@',-]*")


def _address(query_string) -> str:
    """`{{ choice.query_string|iri_to_uri }}` escaped, as the template writes it."""
    if isinstance(query_string, str) and _URI.fullmatch(query_string):
        return query_string.replace("&", "&amp;").replace("'", "&#x27;")
    return escape(iri_to_uri(query_string))


def _display(display, context, language: str | None) -> str:
    """`{{ choice.display }}`: a text, translated or still lazy (a choice's label, translated once
    per language), is only escaped (render_value_in_context's dates, numbers and localisation
    leave it as it is, then escape its str), anything else goes through the template's own rendering."""
    if isinstance(display, str):
        return escape_text(display)
    if isinstance(display, Promise):
        return escape_text(translated(display, language))
    return render_value_in_context(display, context)


@functools.lru_cache(maxsize=8)
def _by(language: str | None) -> str:
    """Django's « By %(filter_title)s » in `language` (the active one): translated once."""
    return gettext_django(" By %(filter_title)s ")


@register.simple_tag
def django_word(message):
    """`{% translate message %}` for a string of Django's admin, read from Django's catalogue."""
    return mark_safe(gettext_django(message))
