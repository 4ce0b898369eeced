"""Cached figures kept under a version key that any change of what they count replaces.

A reader builds its cache key with `current(VERSION_KEY)`; a writer calls `forget(VERSION_KEY)` in
its transaction. The version is deleted at once and again after the commit: a page computing
between the two (seeing the data from before the commit) stores its figures under a version that
the second deletion retires. A cache outage only means the figures are computed again.

Figures may also be stored beside their version instead of under it (`store`): `read` then gets the
version and every figure in one round trip to the cache, keeping those stored under the current
version only.

A version also tells when it was made (`created_at`): the first read after a change, so never
before the change it follows, which is what an HTTP Last-Modified needs."""

import time
import uuid
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import transaction


def current(key: str) -> str:
    """The version stored under `key`, created when the cache has none (another process may add
    its own first: the cache's value is the one that counts)."""
    version = cache.get(key)
    if version is None:
        cache.add(key, f"{uuid.uuid4().hex}-{time.time_ns()}", timeout=None)
        version = cache.get(key) or ""
    return version


def read(version_key: str, keys) -> tuple[str, dict]:
    """The current version and the figures `store` kept under it, among `keys`: one `get_many`
    (a missing version is created, and then no figure is current)."""
    found = cache.get_many([version_key, *keys])
    version = found.pop(version_key, None)
    if version is None:
        return current(version_key), {}
    return version, {key: figure for key, (stored_under, figure) in found.items() if stored_under == version}


def store(version: str, figures: dict, timeout: int) -> None:
    """Keep `figures` (key → value) as counted under `version`, for `read`."""
    cache.set_many({key: (version, figure) for key, figure in figures.items()}, timeout=timeout)


def forget(key: str) -> None:
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def created_at(version: str) -> datetime | None:
    """When `version` was made (None for one written before versions carried their moment)."""
    _, _, nanoseconds = version.rpartition("-")
    if not nanoseconds.isdigit():
        return None
    return datetime.fromtimestamp(int(nanoseconds) / 1e9, tz=UTC)
