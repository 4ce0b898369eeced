"""Shared test set-up.

Tests that need PostgreSQL or Redis are marked `postgres` / `redis`. Without those services they
are skipped with a reason, except under CI=true, where a missing service fails the run instead:
CI must prove the real thing.

`make test` runs the suite on several pytest-xdist workers (`-n auto --dist loadfile`). Each
worker has its own test database (pytest-django suffixes it), private-storage and media roots and
Redis database (config/settings/test.py). A file's tests run on one worker, so the real Celery
worker (tests/dataide/test_outbox_worker.py) and the browser (tests/browser/test_journey.py) that a
module starts once are started once.
"""

import os
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models.signals import post_migrate

IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_configure(config):
    if IN_CI:
        database_url = os.environ.get("DATABASE_URL", "")
        if not database_url.startswith(("postgres://", "postgresql://")) or not os.environ.get("REDIS_URL"):
            raise pytest.UsageError("CI=true needs DATABASE_URL (PostgreSQL) and REDIS_URL: run .ci/run")


def pytest_make_parametrize_id(config, val, argname):
    # Bytes built at import time (zips, images) may carry a timestamp; ids must be the same on
    # every run and on every xdist worker, or xdist refuses the collection.
    if isinstance(val, bytes | bytearray):
        return f"{argname}-{len(val)}-bytes"
    return None


def _require(condition: bool, reason: str):
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: never skipped)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _services_for_markers(request):
    if request.node.get_closest_marker("postgres"):
        _require(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL)")
    if request.node.get_closest_marker("redis") or request.node.get_closest_marker("celery_worker"):
        _require(bool(settings.REDIS_URL) and _redis_answers(), "needs Redis (set REDIS_URL)")


def _redis_answers() -> bool:
    import redis

    try:
        return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture(autouse=True)
def _clean_cache():
    # allauth's rate limits and TOTP replay protection live in the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _french_by_default(settings):
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def _data_migrations():
    """The forward functions of this project's data migrations (RunPython), in migration order."""
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.operations import RunPython

    plan = MigrationExecutor(connection).migration_plan(
        MigrationExecutor(connection).loader.graph.leaf_nodes(), clean_start=True
    )
    return [
        operation.code
        for migration, _backwards in plan
        if Path(sys.modules[migration.__module__].__file__).is_relative_to(settings.BASE_DIR)
        for operation in migration.operations
        if isinstance(operation, RunPython)
    ]


def _data_migrations_again_after_a_flush(sender, **kwargs):
    """A transactional test ends by flushing the database, taking the data that migrations loaded
    (the program's reference data, the training limits, the role groups) with it. The flush then
    sends post_migrate, and this runs those data migrations again (they are idempotent), so every
    test after it, transactional or not, starts from a migrated database: under xdist a file's
    transactional tests run before another file's ordinary tests on the same worker."""
    from django.apps import apps

    # Once per flush, when post_migrate reaches the last app with models.
    if sender is not [config for config in apps.get_app_configs() if config.models_module][-1]:
        return

    with connection.schema_editor() as schema_editor:
        for forward in _data_migrations():
            forward(apps, schema_editor)


post_migrate.connect(_data_migrations_again_after_a_flush, dispatch_uid="tests-data-migrations-after-a-flush")
