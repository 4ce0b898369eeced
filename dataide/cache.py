"""The Redis cache backend of production, made to survive a Redis outage.

Every cache user (allauth's rate limits and their locks, the program dashboard, anything later)
would otherwise turn a stopped Redis into a 500. Here a connection or timeout error is logged once,
then the process serves its cache from its own memory for `RETRY_SECONDS` before trying Redis
again, so a dead Redis costs one failed connection per process every few seconds, not one per call.

A local fallback rather than failing open: rate limits keep counting (per web process, so at worst
a limit is multiplied by the number of processes) instead of disappearing during the outage, which
an attacker able to overload Redis would otherwise enjoy; the dashboard computes its figures and
keeps them in the process for the usual time.

What the process writes or deletes meanwhile reaches only its own memory, so Redis, back with what
it held before (a network cut, or a restart from its snapshot), would serve what those writes
replaced: a session signed out during the outage signed in again, a permission withdrawn granted
again, figures counted before a change. Each process therefore keeps the keys it wrote while Redis
was away and deletes them from Redis before its first call there; their next readers compute them
again (sessions are read back from the database). It forgets its own memory at the same time: a
later outage must not serve what this one left there.
"""

import inspect
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
# Those that change what a key holds: during an outage, each key they name is deleted from Redis
# once it answers again (`clear` empties everything: every key is then forgotten).
_WRITES = {"add": "key", "set": "key", "touch": "key", "delete": "key", "incr": "key", "set_many": "data", "delete_many": "keys"}
# Beyond this many keys written during one outage, every key of this cache is deleted from Redis
# instead (a scan of its prefix), so a long outage cannot grow a process's memory without bound.
MAX_KEYS_KEPT = 10_000


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
        self._written_while_down: set[str] = set()
        self._behind = False
        self._lost_count = False
        # A worker's heartbeat thread writes beside its tasks: the outage's bookkeeping takes turns.
        self._outage_lock = threading.Lock()

    def _redis_down(self, error: Exception) -> None:
        if self._down_until <= time.monotonic():
            logger.warning(
                "Cache Redis injoignable (%s) : cache local au processus pendant %s s.", error, RETRY_SECONDS
            )
        self._down_until = time.monotonic() + RETRY_SECONDS

    def _remember_written(self, name: str, args, kwargs) -> None:
        """The Redis keys a write served by the fallback changed (made as Redis would name them)."""
        if name == "clear":
            keys = None
        else:
            arguments = inspect.signature(getattr(RedisCache, name)).bind(self, *args, **kwargs).arguments
            named, version = arguments[_WRITES[name]], arguments.get("version")
            keys = [self.make_and_validate_key(key, version=version) for key in ([named] if _WRITES[name] == "key" else named)]
        with self._outage_lock:
            self._behind = True
            if keys is not None and not self._lost_count:
                self._written_while_down.update(keys)
            if keys is None or len(self._written_while_down) > MAX_KEYS_KEPT:
                self._lost_count = True
                self._written_while_down.clear()

    def _catch_up(self) -> None:
        """Before the first call to Redis after an outage: delete from it what this process wrote
        meanwhile (raises the outage's errors while Redis still cannot be reached)."""
        with self._outage_lock:
            if not self._behind:
                return  # another thread caught up first
            if self._lost_count:
                client = self._cache.get_client(write=True)
                # Django names keys « prefix:version:key »: only this cache's, never the broker's.
                stale = list(client.scan_iter(match=f"{self.key_prefix}:*:*", count=1000))
            else:
                stale = sorted(self._written_while_down)
            for start in range(0, len(stale), 1000):
                self._cache.delete_many(stale[start:start + 1000])
            self._written_while_down.clear()
            self._behind = self._lost_count = False
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
        if name in _WRITES or name == "clear":
            self._remember_written(name, args, kwargs)
        return getattr(self._fallback, name)(*args, **kwargs)

    operation.__name__ = name
    operation.__doc__ = redis_operation.__doc__
    return operation


for _name in _OPERATIONS:
    setattr(ResilientRedisCache, _name, _degrading(_name))
