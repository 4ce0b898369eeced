"""The Redis cache backend of production, made to survive a Redis outage.

Every cache user (allauth's rate limits and their locks, the program dashboard, anything later)
would otherwise turn a stopped Redis into a 500. Here a connection or timeout error is logged once,
then the process serves its cache from its own memory for `RETRY_SECONDS` before trying Redis
again, so a dead Redis costs one failed connection per process every few seconds, not one per call.

A local fallback rather than failing open: rate limits keep counting (per web process, so at worst
a limit is multiplied by the number of processes) instead of disappearing during the outage, which
an attacker able to overload Redis would otherwise enjoy; the dashboard computes its figures and
keeps them in the process for the usual time.
"""

import logging
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

    def _redis_down(self, error: Exception) -> None:
        if self._down_until <= time.monotonic():
            logger.warning(
                "Cache Redis injoignable (%s) : cache local au processus pendant %s s.", error, RETRY_SECONDS
            )
        self._down_until = time.monotonic() + RETRY_SECONDS


def _degrading(name: str):
    redis_operation = getattr(RedisCache, name)

    def operation(self, *args, **kwargs):
        if self._down_until <= time.monotonic():
            try:
                return redis_operation(self, *args, **kwargs)
            except OUTAGE_ERRORS as error:
                self._redis_down(error)
        return getattr(self._fallback, name)(*args, **kwargs)

    operation.__name__ = name
    operation.__doc__ = redis_operation.__doc__
    return operation


for _name in _OPERATIONS:
    setattr(ResilientRedisCache, _name, _degrading(_name))
