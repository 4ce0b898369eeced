"""Pieces every app's admin uses."""

import functools
import inspect
from operator import attrgetter

from django import forms
from django.contrib import admin
from django.db import models

from .compiled import CompiledQuery
from .formatting import format_money, money_formatter


class DateTimeLocalInput(forms.DateTimeInput):
    """One native date-and-time field. The admin's split widget leaves its second input without a
    label (an axe 'label' violation) and is awkward with a keyboard; this one has one label."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


ACCESSIBLE_DATETIME_OVERRIDES = {models.DateTimeField: {"widget": DateTimeLocalInput}}


class ReadOnlyInline(admin.TabularInline):
    """A section of an admin page that shows rows staff read but never edit here: what an
    organisme wrote is its own, and state changes go through services, not inline forms."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def row_values(*lookups: str, per_page=None):
    """A list column computed from these values of its row: `function(*values)` (after `self` for
    a method). Django's rows call the column with the model instance, read by the same lookups
    (`organisme__legal_name` is `application.organisme.legal_name`, a relation's name its
    object); a list printed from value tuples (applications.admin_rows) calls `from_values` with
    the tuple's values, a relation given as its object's text.

    `per_page()` (`per_page(self)` for a method), when given, returns the function a printed list
    calls for its rows instead of `function`, the same values in, the same text out: what the
    column reads once per page rather than per row (the active language, a dozen calls a read)."""
    getters = [attrgetter(lookup.replace("__", ".")) for lookup in lookups]

    def decorate(function):
        # The column's own signature, (self, obj) or (obj,): a template that meets it calls it
        # without arguments only when binding none succeeds.
        if len(inspect.signature(function).parameters) > len(lookups):

            def column(self, obj):
                return function(self, *[get(obj) for get in getters])
        else:

            def column(obj):
                return function(*[get(obj) for get in getters])

        functools.update_wrapper(column, function)
        del column.__wrapped__  # inspect.signature would read the function's, not the column's
        column.row_values, column.from_values, column.per_page = lookups, function, per_page
        return column

    return decorate


def _money_of_page():
    """money_column's `show` for the rows of one page: the language read once."""
    write = money_formatter()
    return lambda value: None if value is None else write(value)


def money_column(model, field_name: str):
    """A list or read-only column showing an amount as people read it (« 4 999,50 $ »,
    « $4,999.50 »), where the admin alone would print « 4999,50 »."""
    field = model._meta.get_field(field_name)

    @admin.display(description=field.verbose_name, ordering=field_name)
    @row_values(field_name, per_page=_money_of_page)
    def show(value):
        return None if value is None else format_money(value)  # None: the admin's empty mark

    show.__name__ = field_name  # the column keeps the field's CSS class and sort parameter
    return show


class CompiledRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """Django's filter by a related object (`("tier", CompiledRelatedFieldListFilter)`), its
    choices (every row of the related model, in its admin's order) read by SQL compiled once per
    process: Django compiles that query on every request, some thousand calls per filter. A field
    whose choices are limited (limit_choices_to) keeps Django's query."""

    def field_choices(self, field, request, model_admin):
        if field.get_limit_choices_to():
            return super().field_choices(field, request, model_admin)
        ordering = tuple(self.field_admin_ordering(field, request, model_admin))
        value = attrgetter(field.remote_field.get_related_field().attname)
        return [(value(row), str(row)) for row in _related_rows(field.remote_field.model, ordering).run()]


@functools.cache
def _related_rows(model, ordering: tuple) -> CompiledQuery:
    """The rows Field.get_choices reads: the default manager's, in `ordering` (else the model's)."""
    return CompiledQuery(lambda: model._default_manager.order_by(*ordering) if ordering else model._default_manager.all())
