import os

from celery import Celery
from celery.signals import before_task_publish, task_prerun, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("dataide")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _connect_request_ids():
    # A task's log lines carry the id of the request that queued it (dataide.logs).
    from dataide import logs

    before_task_publish.connect(logs.pass_request_id_to_task, weak=False)
    task_prerun.connect(logs.adopt_task_request_id, weak=False)


_connect_request_ids()


@worker_ready.connect
def _start_heartbeat(**kwargs):
    # Each worker writes a timestamp /healthz/ reads (dataide.health), without a broadcast ping.
    from dataide.health import start_worker_heartbeat

    start_worker_heartbeat()
