"""The Redis cache backend of production, made to survive a Redis outage.

Every cache user (allauth's rate limits and their locks, the program dashboard, anything later)
would otherwise turn a stopped Redis into a 500. Here a connection or timeout error is logged (once
per `RETRY_SECONDS` while it lasts), then the process serves its cache from its own memory for `RETRY_SECONDS` before trying Redis
again, so a dead Redis costs one failed connection per process every few seconds, not one per call.

A local fallback rather than failing open: rate limits keep counting (per web process, so at worst
a limit is multiplied by the number of processes) instead of disappearing during the outage, which
an attacker able to overload Redis would otherwise enjoy; the dashboard computes its figures and
keeps them in the process for the usual time.

What the process writes or deletes meanwhile reaches only its own memory, so Redis, back with what
it held before (a network cut), would serve what those writes replaced: a session signed out
during the outage signed in again, a permission withdrawn granted again, figures counted before a
change. So a process that saw Redis away deletes every key of this cache from Redis (a scan of its
prefix, never the broker's keys) before its first call there once Redis answers, and forgets its
own memory; the next readers compute again (sessions are read back from the database). Every
process that saw the outage does so at its next cache call; one that made no cache call during
the outage cannot know of it, and a Redis restarted from an older snapshot without anybody
noticing is not covered either: production's Redis keeps no snapshot (docker-compose.yml), so a
restart comes back empty.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 10
OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError)
# The calls every other cache method goes through (get_or_set, decr and the async variants included).
_OPERATIONS = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many", "clear")


class ReusingRedisCacheClient(RedisCacheClient):
    """Django wraps its connection pool in a new `redis.Redis` on every cache call, and building one
    registers some 170 response callbacks: about 0.15 ms, more than the round trip to Redis itself,
    paid several times by every page. One client per pool instead (redis clients are thread-safe)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        # Same key prefix, version and timeout as the Redis cache, so callers see no difference.
        self._fallback = LocMemCache(f"redis-fallback-{id(self)}", {**params, "OPTIONS": {"MAX_ENTRIES": 1000}})
        self._down_until = 0.0
        self._behind = False  # Redis was seen away: its keys are deleted before it is used again
        # A worker's heartbeat thread calls the cache beside its tasks: one catches up, the others wait.
        self._outage_lock = threading.Lock()

    def _redis_down(self, error: Exception) -> None:
        if self._down_until <= time.monotonic():
            logger.warning(
                "Cache Redis injoignable (%s) : cache local au processus pendant %s s.", error, RETRY_SECONDS
            )
        self._down_until = time.monotonic() + RETRY_SECONDS
        self._behind = True

    def _catch_up(self) -> None:
        """Before the first call to Redis after an outage: delete every key of this cache from it
        (Django names them « prefix:version:key »), then forget the process's memory. Raises the
        outage's errors while Redis still cannot be reached."""
        with self._outage_lock:
            if not self._behind:
                return  # another thread caught up first
            if self._down_until > time.monotonic():
                raise RedisConnectionError("Redis was found away again while this thread waited")
            client = self._cache.get_client(write=True)
            stale = []
            for key in client.scan_iter(match=f"{self.key_prefix}:*:*", count=1000):
                stale.append(key)
                if len(stale) == 1000:
                    client.delete(*stale)
                    stale = []
            if stale:
                client.delete(*stale)
            self._behind = False
            self._fallback.clear()


def _degrading(name: str):
    redis_operation = getattr(RedisCache, name)

    def operation(self, *args, **kwargs):
        if self._down_until <= time.monotonic():
            try:
                if self._behind:
                    self._catch_up()
                return redis_operation(self, *args, **kwargs)
            except OUTAGE_ERRORS as error:
                self._redis_down(error)
        return getattr(self._fallback, name)(*args, **kwargs)

    operation.__name__ = name
    operation.__doc__ = redis_operation.__doc__
    return operation


for _name in _OPERATIONS:
    setattr(ResilientRedisCache, _name, _degrading(_name))
