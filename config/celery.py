import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("dataide")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _start_heartbeat(**kwargs):
    # Each worker writes a timestamp /healthz/ reads (dataide.health), without a broadcast ping.
    from dataide.health import start_worker_heartbeat

    start_worker_heartbeat()
