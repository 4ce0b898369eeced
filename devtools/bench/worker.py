"""A local SMTP sink and one real Celery worker process, to time the outbox's delivery end to end."""

import logging
import os
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import connection


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CountingHandler:
    """Accepts every message and counts them; keeps nothing else."""

    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 Message accepted for delivery"


@contextmanager
def smtp_sink():
    from aiosmtpd.controller import Controller  # a dev dependency: only the bench needs it

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd narrates every SMTP command
    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


def shared_cache() -> dict:
    """The environment that gives a child process this process's cache keys: the prefix follows the
    database's name, and under pytest the child is handed the test database's name."""
    prefix = settings.CACHES["default"].get("KEY_PREFIX")
    return {"CACHE_KEY_PREFIX": prefix} if prefix else {}


def database_url() -> str:
    database = connection.settings_dict
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database.get("PASSWORD") else "")
    return f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


@contextmanager
def celery_worker(
    *, smtp_port: int, ready_timeout: float = 60, settings_module: str | None = None, broker_url: str | None = None
):
    """One `celery worker --pool=solo` process (one delivery at a time) on this database; the
    benchmark and the integration tests both start it."""
    # The worker works on exactly this process's database, broker and files. Under pytest-xdist
    # they are already the worker's own (config/settings/test.py): hand them over as they are and
    # drop PYTEST_XDIST_WORKER, so the child does not derive them a second time.
    environment = {
        **{name: value for name, value in os.environ.items() if name != "PYTEST_XDIST_WORKER"},
        "DJANGO_SETTINGS_MODULE": settings_module or os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.dev"),
        "DATABASE_URL": database_url(),
        "REDIS_URL": broker_url or settings.REDIS_URL,
        "PRIVATE_STORAGE_ROOT": str(settings.PRIVATE_STORAGE_ROOT),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        # As in production (settings.prod): without it the worker opens a new PostgreSQL
        # connection for every message it delivers.
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        **shared_cache(),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"bench-{os.getpid()}@%h"],
        cwd=settings.BASE_DIR, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output: list[str] = []
    ready = threading.Event()

    def read():
        for line in process.stdout:
            output.append(line)
            if " ready." in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(ready_timeout):
            raise RuntimeError("celery worker did not start:\n" + "".join(output[-40:]))
        yield output
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
