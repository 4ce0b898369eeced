"""Handing work to the Celery broker without letting an outage become an error page."""

import logging

from kombu.exceptions import KombuError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def queue_task(task, *args, countdown: int | None = None) -> bool:
    """Hand a task to the broker; when the broker is down, log and return False instead of raising.

    Callers queue after their commit: the change is already saved, so a broker outage must not turn
    it into an error page. What the task would have done is caught up by its own fallback (the
    outbox relay, a guide built on the first download, an export asked again).
    """
    try:
        task.apply_async(args, countdown=countdown, retry=False)
    except (KombuError, RedisError, OSError) as error:
        logger.warning("task %s not queued, broker unavailable: %s", task.name, error)
        return False
    return True
