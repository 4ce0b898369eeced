"""Two web processes behind one address: whatever one of them keeps (session in the shared cache,
autosaved draft, uploaded file) the other sees, because none of it lives in a process.
Real gunicorn processes, the same PostgreSQL test database, Redis and S3 server."""

import json
import time
import uuid

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse

from applications.models import Application
from devtools.bench.worker import celery_worker
from tests.applications.factories import PDF_BYTES, complete_draft, eligible_organisme
from tests.factories import DEFAULT_PASSWORD
from tests.organismes.factories import member_of

from .web import Browser, Gunicorn, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def two_web_processes(s3, tmp_path, monkeypatch):
    environment = {
        "DJANGO_SETTINGS_MODULE": "tests.scale.web_settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CACHE_KEY_PREFIX": (prefix := f"two-web-{uuid.uuid4().hex[:8]}"),
        "STORAGE_URL": s3.storage_url(f"two-web-{uuid.uuid4().hex[:8]}"),
    }
    for name, value in environment.items():  # for a worker started by the test
        monkeypatch.setenv(name, value)
    servers = [Gunicorn(environment, log=tmp_path / f"web-{name}.log") for name in ("a", "b")]
    try:
        for server in servers:
            server.wait_until_ready()
        yield servers, prefix
    finally:
        for server in servers:
            server.stop()


def _sign_in(browser: Browser, server: Gunicorn, email: str, password: str):
    login = server.url + reverse("account_login")
    browser.get(login)
    return browser.post(login, {"login": email, "password": password})


def test_what_one_web_process_keeps_the_other_sees(two_web_processes):
    (a, b), cache_prefix = two_web_processes
    organisme = eligible_organisme()
    person = member_of(organisme)
    draft = complete_draft(organisme)
    browser = Browser()

    # The session made through A signs the person in on B.
    assert _sign_in(browser, a, person.email, DEFAULT_PASSWORD).status == 302
    dashboard = browser.get(b.url + reverse("organismes:dashboard"))
    assert dashboard.status == 200, dashboard.headers.get("Location")
    # ... read from the shared cache (cached_db), where A put it, not from either process's memory.
    shared_cache = redis.Redis.from_url(settings.REDIS_URL)
    assert shared_cache.keys(f"{cache_prefix}:*cached_db*{browser.cookie('sessionid')}")

    # A draft autosaved through A is what B shows.
    saved = browser.post(a.url + reverse("applications:autosave", args=[draft.pk, "besoin"]), {"title": "Tapé sur le serveur A", "need": "Des portables."})
    assert saved.status == 200 and b'"saved": true' in saved.body
    assert "Tapé sur le serveur A" in browser.get(b.url + reverse("applications:step", args=[draft.pk, "besoin"])).text

    # A file uploaded through A downloads through B.
    step = reverse("applications:step", args=[draft.pk, "documents"])
    uploaded = browser.post(a.url + step, {"action": "upload"}, files={"file": ("devis.pdf", PDF_BYTES, "application/pdf")})
    assert uploaded.status == 302
    attachment = Application.objects.get(pk=draft.pk).attachments.get()
    download = browser.get(b.url + reverse("applications:attachment", args=[draft.pk, attachment.pk]))
    assert download.status == 200 and download.body == PDF_BYTES


def test_both_web_processes_hear_the_worker_pool(two_web_processes):
    """/healthz/ on either process sees the heartbeat a worker wrote in the shared cache."""
    (a, b), _prefix = two_web_processes
    assert json.loads(Browser().get(a.url + "/healthz/").body)["workers"] == "error: never seen"
    with celery_worker(smtp_port=free_port(), settings_module="tests.scale.web_settings", broker_url=settings.REDIS_URL):
        for _ in range(50):
            reports = [json.loads(Browser().get(server.url + "/healthz/").body) for server in (a, b)]
            if all(report["workers"] == "ok" for report in reports):
                break
            time.sleep(0.2)
    assert [report["workers"] for report in reports] == ["ok", "ok"]
    assert reports[0]["beat"] == "error: never seen"  # no beat in this test: the page says so


def test_failed_sign_ins_on_one_web_process_count_on_the_other(two_web_processes):
    """The login rate limit lives in the shared cache under a key without the Host: five wrong
    passwords through A, and the right one through B is refused too."""
    (a, b), _prefix = two_web_processes
    person = member_of(eligible_organisme())
    browser = Browser()
    for _ in range(5):
        failed = _sign_in(browser, a, person.email, "pas-le-bon-mot-de-passe")
        assert failed.status == 200 and browser.cookie("sessionid") is None
    refused = _sign_in(browser, b, person.email, DEFAULT_PASSWORD)
    assert refused.status == 200 and "Trop de tentatives de connexion" in refused.text
    assert browser.get(b.url + reverse("organismes:dashboard")).status == 302  # still signed out
