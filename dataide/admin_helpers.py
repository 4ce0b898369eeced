"""Pieces every app's admin uses."""

from django import forms
from django.contrib import admin
from django.db import models

from .formatting import format_money


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


def money_column(model, field_name: str):
    """A list or read-only column showing an amount as people read it (« 4 999,50 $ »,
    « $4,999.50 »), where the admin alone would print « 4999,50 »."""
    field = model._meta.get_field(field_name)

    @admin.display(description=field.verbose_name, ordering=field_name)
    def show(obj):
        value = getattr(obj, field_name)
        return None if value is None else format_money(value)  # None: the admin's empty mark

    show.__name__ = field_name  # the column keeps the field's CSS class and sort parameter
    return show
