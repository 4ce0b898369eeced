"""Test settings for real web processes started by the tests (tests/scale/test_two_web_processes.py):
everything a request leaves behind goes where every process sees it — the sessions in the
database behind the cache, the cache in Redis, private files in the S3 server."""

from config.object_storage import private_storage_setting
from config.settings.test import *  # noqa: F403
from config.settings.test import env

ALLOWED_HOSTS = ["127.0.0.1"]
CACHES = {
    **CACHES,  # noqa: F405
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL"),
        "KEY_PREFIX": env("CACHE_KEY_PREFIX"),
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Tasks go to a worker process when a test starts one.
CELERY_TASK_ALWAYS_EAGER = False
STORAGES = {**STORAGES, "private": private_storage_setting(env("STORAGE_URL"), local_root=None)}  # noqa: F405
