"""The gunicorn `make bench` measures through: started on a free local port with the production
settings of config.settings.bench, stopped (master and workers) when the measurement ends."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from . import BARE_PATH
from .worker import database_url, free_port, shared_cache

SETTINGS_MODULE = "config.settings.bench"
WORKERS = 3


def bench_environment() -> dict:
    """The server's environment: this process's database, Redis, files and SECRET_KEY (the one that
    signed the sessions the bench made), production defaults for the rest."""
    environment = {name: value for name, value in os.environ.items() if name != "PYTEST_XDIST_WORKER"}
    environment.update({
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_STORAGE_ROOT": str(settings.PRIVATE_STORAGE_ROOT),
        "STATIC_ROOT": str(settings.STATIC_ROOT),
        "CELERY_TASK_ALWAYS_EAGER": "false" if settings.REDIS_URL else "true",
        "DEBUG": "false",
        **shared_cache(),
    })
    return environment


def collect_static(environment: dict):
    """The manifest storage of production needs collected files: collected once, then kept."""
    if (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        return
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR, env=environment, check=True,
    )


@contextmanager
def gunicorn(*, log: Path, workers: int = WORKERS, ready_timeout: float = 90):
    """Yields (base_url, master_pid); the server is stopped on the way out, whatever happened."""
    environment = bench_environment()
    collect_static(environment)
    port = free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "devtools.bench.wsgi:application", "-c", "config/gunicorn.py",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", "sync", "--timeout", "120"],
        cwd=settings.BASE_DIR, env=environment, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(process, url, log, ready_timeout)
        yield url, process.pid
    finally:
        process.terminate()  # gunicorn's master stops its workers gracefully on SIGTERM
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(process, url: str, log: Path, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url + BARE_PATH, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start:\n" + log.read_text(errors="replace")[-3000:])
