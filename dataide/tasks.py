from celery import shared_task
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils import translation


@shared_task
def build_admin_export(model_label: str, user_id: int, querystring: str, ids, token: str, language: str) -> str:
    """Write a large admin export into private storage (see dataide.admin_exports)."""
    from .admin_exports import write_admin_export

    model_admin = admin.site.get_model_admin(apps.get_model(model_label))
    user = get_user_model().objects.get(pk=user_id)
    with translation.override(language):
        return write_admin_export(model_admin=model_admin, user=user, querystring=querystring, ids=ids, token=token)


@shared_task
def record_beat_tick() -> None:
    """Scheduled by beat every minute: /healthz/ reads its age to tell that beat still runs."""
    from .health import BEAT_TICK_KEY, record

    record(BEAT_TICK_KEY)
