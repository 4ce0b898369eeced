"""/healthz/ also tells whether workers are alive, beat schedules and e-mails leave: 503 past the
thresholds, never a 500 (even when the cache it reads is down)."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dataide.health import WORKER_HEARTBEAT_KEY, record, start_worker_heartbeat
from dataide.outbox.models import OutboxMessage
from dataide.tasks import record_beat_tick

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_workers(settings):
    """As in production: tasks go to workers, so their silence matters."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.HEALTH_WORKER_SILENCE_SECONDS = 120
    settings.HEALTH_BEAT_SILENCE_SECONDS = 300
    settings.HEALTH_OUTBOX_MAX_AGE_SECONDS = 1800


def _health(client):
    response = client.get(reverse("healthz"))
    return response.status_code, response.json()


def _heard_from_everyone():
    record(WORKER_HEARTBEAT_KEY)
    record_beat_tick()


def _pending_message(age: timedelta):
    message = OutboxMessage.objects.create(recipient_email="a@exemple.org", template="t", subject="s")
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - age)


def test_all_heard_from_recently_is_200(client, real_workers):
    _heard_from_everyone()
    _pending_message(timedelta(minutes=2))
    status, body = _health(client)
    assert status == 200, body
    assert body["workers"] == body["beat"] == body["outbox"] == "ok"
    assert body["workers_heartbeat_age_s"] < 5 and body["beat_last_run_age_s"] < 5
    assert body["outbox_pending"] == 1 and 110 < body["outbox_oldest_age_s"] < 130


def test_workers_never_seen_or_silent_too_long_is_503(client, real_workers, settings):
    record_beat_tick()
    status, body = _health(client)
    assert status == 503 and body["workers"] == "error: never seen" and body["beat"] == "ok"
    record(WORKER_HEARTBEAT_KEY)
    settings.HEALTH_WORKER_SILENCE_SECONDS = 0
    time.sleep(0.2)
    status, body = _health(client)
    assert status == 503 and body["workers"].startswith("error: silent for")


def test_beat_that_stopped_ticking_is_503(client, real_workers, settings):
    _heard_from_everyone()
    settings.HEALTH_BEAT_SILENCE_SECONDS = 0
    time.sleep(0.2)
    status, body = _health(client)
    assert status == 503 and body["beat"].startswith("error: silent for") and body["workers"] == "ok"


def test_an_e_mail_waiting_too_long_is_503(client, real_workers):
    _heard_from_everyone()
    _pending_message(timedelta(hours=1))
    status, body = _health(client)
    assert status == 503 and body["outbox"].startswith("error: oldest pending message waits")


def test_a_cache_outage_is_a_503_not_a_500(client, real_workers, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    status, body = _health(client)
    assert status == 503 and body["workers"].startswith("error: cache") and body["database"] == "ok"


def test_in_process_tasks_need_no_worker(client):
    status, body = _health(client)
    assert status == 200 and body["workers"] == body["beat"] == "ok (in-process tasks)"


def test_a_worker_writes_its_heartbeat_from_start():
    from django.core.cache import cache

    start_worker_heartbeat(interval=3600)
    for _ in range(50):
        if cache.get(WORKER_HEARTBEAT_KEY):
            break
        time.sleep(0.02)
    assert time.time() - cache.get(WORKER_HEARTBEAT_KEY) < 5


def test_beat_schedules_its_tick(settings):
    assert settings.CELERY_BEAT_SCHEDULE["health-beat-tick"]["task"] == "dataide.tasks.record_beat_tick"
