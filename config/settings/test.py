import os
from pathlib import Path
from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import REDIS_URL, env

DEBUG = False
SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Each test gets a clean cache (see tests/conftest.py) so rate limits do not leak between tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, "fragments": CACHES["fragments"]}  # noqa: F405
# Integration tests that start a real worker process override these through its environment.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
# Tasks run in-process unless a test starts a real worker (marker celery_worker).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)

# pytest-xdist runs the suite in several processes ("gw0", "gw1", …). Each gets its own files and
# Redis database, as pytest-django gives each its own test database: a test counting the files in
# private storage, or a real Celery worker reading the queue, sees only its own process's work.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _own_folder(variable: str, default: str) -> Path:
    """The folder named by the environment, suffixed with the worker: /tmp/x-private-gw1."""
    folder = env(variable, default=default)
    return Path(f"{folder}-{XDIST_WORKER}" if XDIST_WORKER else folder)


def _own_redis_database(url: str) -> str:
    """REDIS_URL's database number plus the worker's index: …/9 is database 9 for gw0, 10 for gw1."""
    if not url or not XDIST_WORKER:
        return url
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + int(XDIST_WORKER.removeprefix("gw"))
    return parts._replace(path=f"/{database}").geturl()


# Named after the database too: two checkouts' suites running side by side (each on its own
# database) must not count each other's files.
_DATABASE = Path(str(DATABASES["default"]["NAME"])).name  # noqa: F405
MEDIA_ROOT = _own_folder("MEDIA_ROOT", f"/tmp/dataide-test-media-{_DATABASE}")
PRIVATE_STORAGE_ROOT = _own_folder("PRIVATE_STORAGE_ROOT", f"/tmp/dataide-test-private-{_DATABASE}")
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_ROOT, "base_url": None},
    },
}
REDIS_URL = _own_redis_database(REDIS_URL)
CELERY_BROKER_URL = REDIS_URL or CELERY_BROKER_URL  # noqa: F405

# Demo data, the scale data set and the benchmarks (manage.py seed_demo / seed_scale / bench):
# development tools, never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # noqa: F405
