"""What /healthz/ knows beyond "the database and the broker answer": that workers are alive,
that beat schedules, and that e-mails leave. Workers and beat leave a timestamp in the cache
(shared by every process); the view compares their age with thresholds in settings."""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min
from django.utils import timezone

logger = logging.getLogger(__name__)

WORKER_HEARTBEAT_KEY = "health:worker-heartbeat"
BEAT_TICK_KEY = "health:beat-tick"


def record(key: str) -> None:
    cache.set(key, time.time(), timeout=None)


def start_worker_heartbeat(interval: float | None = None) -> threading.Thread:
    """In a worker's main process: write the heartbeat now and every `interval` seconds."""
    interval = interval or settings.HEALTH_WORKER_HEARTBEAT_SECONDS

    def beat():
        while True:
            try:
                record(WORKER_HEARTBEAT_KEY)
            except Exception:  # a cache outage must not kill the worker; health shows it as silence
                logger.warning("worker heartbeat not written", exc_info=True)
            time.sleep(interval)

    thread = threading.Thread(target=beat, name="dataide-heartbeat", daemon=True)
    thread.start()
    return thread


def _silence(key: str, limit: int, now: float) -> tuple[bool, str, float | None]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "ok (in-process tasks)", None
    try:
        seen = cache.get(key)
    except Exception as error:  # the cache's own outage: report it, never a 500
        return False, f"error: cache {error.__class__.__name__}", None
    if seen is None:
        return False, "error: never seen", None
    age = round(now - float(seen), 1)
    return age <= limit, ("ok" if age <= limit else f"error: silent for {age:.0f} s (limit {limit} s)"), age


def _outbox(limit: int) -> tuple[bool, str, dict]:
    from dataide.outbox.models import MessageStatus, OutboxMessage

    try:
        backlog = OutboxMessage.objects.filter(status=MessageStatus.PENDING).aggregate(count=Count("pk"), oldest=Min("created_at"))
    except Exception as error:  # the database check already says why; don't fail on it twice
        return False, f"error: {error.__class__.__name__}", {}
    age = round((timezone.now() - backlog["oldest"]).total_seconds(), 1) if backlog["oldest"] else 0.0
    healthy = age <= limit
    state = "ok" if healthy else f"error: oldest pending message waits {age:.0f} s (limit {limit} s)"
    return healthy, state, {"outbox_pending": backlog["count"], "outbox_oldest_age_s": age}


def background_checks() -> tuple[bool, dict]:
    """(healthy, report) for the workers, beat and the outbox."""
    now = time.time()
    workers_ok, workers, workers_age = _silence(WORKER_HEARTBEAT_KEY, settings.HEALTH_WORKER_SILENCE_SECONDS, now)
    beat_ok, beat, beat_age = _silence(BEAT_TICK_KEY, settings.HEALTH_BEAT_SILENCE_SECONDS, now)
    outbox_ok, outbox, outbox_figures = _outbox(settings.HEALTH_OUTBOX_MAX_AGE_SECONDS)
    report = {
        "workers": workers, "workers_heartbeat_age_s": workers_age,
        "beat": beat, "beat_last_run_age_s": beat_age,
        "outbox": outbox, **outbox_figures,
    }
    return workers_ok and beat_ok and outbox_ok, report
