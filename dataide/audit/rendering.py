"""Audit events and status changes as the sentences staff read:
« Soumise par Julie Lavoie le 1er décembre 2026 à 14 h 02 ».

Dates and times go through Django's locale formats (DATE_FORMAT, TIME_FORMAT), so they follow
the project's format modules in French and English alike.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from dataide.formatting import format_money
from dataide.i18n import short_language

from .events import CHOICE_LABELS, AuditEventType


def long_date(value: datetime.date) -> str:
    text = date_format(value, "DATE_FORMAT")
    # French writes the first day of a month as an ordinal: « 1er décembre 2026 ».
    if short_language() == "fr" and value.day == 1 and text.startswith("1 "):
        text = "1er" + text[1:]
    return text


def sentence(head: str, *, actor, when: datetime.datetime) -> str:
    """`head` followed by who and when. No actor: the portal did it (a reminder, a task)."""
    when = timezone.localtime(when)
    values = {"what": head, "date": long_date(when), "time": date_format(when, "TIME_FORMAT")}
    if actor is None:
        return _("%(what)s le %(date)s à %(time)s") % values
    return _("%(what)s par %(actor)s le %(date)s à %(time)s") % {**values, "actor": actor.get_full_name()}


def _plain(value, field=None) -> str:
    """A stored old or new value of a configuration field, as the admin would show it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(item) for item in value) or "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, (int, float)):
        return number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, str):
        try:
            return long_date(datetime.date.fromisoformat(value))
        except ValueError:
            pass
        try:
            return number_format(Decimal(value), use_l10n=True, force_grouping=True)
        except InvalidOperation:
            return value
    return str(value)


def _field(model, name: str):
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def _changes(value: dict, model) -> str:
    """{"quota": {"old": 410, "new": 400}} → « nombre de bourses : 410 → 400 »."""
    parts = []
    for name, change in value.items():
        field = _field(model, name)
        label = str(field.verbose_name) if field is not None else name
        parts.append(f"{label} : {_plain(change.get('old'), field)} → {_plain(change.get('new'), field)}")
    return " ; ".join(parts)


def _choice_label(event_type: AuditEventType, key: str, value) -> str:
    choices = CHOICE_LABELS.get((event_type.value, key))
    return str(dict(choices.choices).get(value, value)) if choices else str(value)


def _value(kind: str, value, model) -> str:
    if kind == "money":
        return format_money(value) if value not in (None, "", "None") else "—"
    if kind == "changes":
        return _changes(value or {}, model)
    return value if isinstance(value, str) else _plain(value)


def describe(event) -> str:
    """The sentence of one AuditEvent (its actor should be select_related)."""
    try:
        event_type = AuditEventType(event.action)
    except ValueError:  # a row older than its declaration: show what it is rather than fail
        return sentence(event.action, actor=event.actor, when=event.created_at)
    model = ContentType.objects.get_for_id(event.target_type_id).model_class() if event.target_type_id else None
    values = {
        key.name: _choice_label(event_type, key.name, event.data.get(key.name))
        if key.kind == "choice"
        else _value(key.kind, event.data.get(key.name), model)
        for key in event_type.keys
    }
    try:
        head = str(event_type.sentence) % values
    except (KeyError, TypeError, ValueError):
        head = event.action
    return sentence(head, actor=event.actor, when=event.created_at)


def describe_status_change(to_status: str, *, actor, when) -> str:
    """A line of an application's status history, worded like its audit event."""
    from .events import STATUS_EVENTS

    event_type = STATUS_EVENTS.get(to_status)
    return sentence(str(event_type.sentence) if event_type else to_status, actor=actor, when=when)
