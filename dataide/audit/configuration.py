"""Saving a configuration row (Zulip's do_set_realm_property): configuration is state too, so each
change checks the actor, validates, locks the stored row and records an audit event holding the
old and new values of what changed. The apps' services call it; the admin calls the services."""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from .services import record_event


def stored_value(value):
    """A field's value as the audit trail keeps it (JSON: ids for relations, text for the rest)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        return sorted(str(item) for item in value)
    return value


def save_configuration(*, actor, instance, fields, action, check=None, relations=None, prepare=None):
    """Save `fields` of a configuration row (every field for a new one) with its many-to-many
    `relations` ({name: objects}), and record what changed. Locks the stored row first, so two
    staff editing the same tier, or an award while the quota changes, take turns. `prepare(stored,
    instance)` may set derived fields from the locked row (returning their names) before the save."""
    model = type(instance)
    if not actor.has_perm(f"{model._meta.app_label}.{'change' if instance.pk else 'add'}_{model._meta.model_name}"):
        raise PermissionDenied
    relations = relations or {}
    with transaction.atomic():
        stored = model.objects.select_for_update().get(pk=instance.pk) if instance.pk else None
        editable = [f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key]
        names = editable if stored is None else [name for name in fields if name in editable]
        if prepare is not None:
            names += [name for name in prepare(stored, instance) if name not in names]
        instance.full_clean()
        if check is not None:
            check(instance)
        changes = {}
        for name in names:
            field = model._meta.get_field(name)
            old = stored_value(field.value_from_object(stored)) if stored is not None else None
            new = stored_value(field.value_from_object(instance))
            if old != new:
                changes[name] = {"old": old, "new": new}
        if stored is None:
            instance.save()
        elif changes:
            instance.save(update_fields=list(changes))
        for name, objects in relations.items():
            manager = getattr(instance, name)
            old = stored_value(manager.all()) if stored is not None else []
            manager.set(objects)
            new = stored_value(objects)
            if old != new:
                changes[name] = {"old": old, "new": new}
        if changes:
            record_event(actor=actor, action=action, target=instance, changes=changes)
    return instance
