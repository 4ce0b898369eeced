"""`make run` on a fresh machine: SQLite, no Redis, tasks in-process. Everything else in the suite
runs on PostgreSQL, so twice a change that only PostgreSQL understood (a migration's SQL, a raw
query) broke `make run` unnoticed. This runs the Makefile's own `setup` (cache table, migrations,
demo data) on a new SQLite file, then serves the pages a first visitor and a demo organisme open."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What the first visit opens, as the demo's organisme (seed_demo's accounts) and as a visitor.
PAGES_SCRIPT = """
from django.test import Client
from django.urls import reverse
from django.utils import translation
from dataide.accounts.models import User

visitor, member = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")  # as `make run` serves
member.force_login(User.objects.get(email="hochelaga@dataide.demo"))
with translation.override("en"):
    english_home = reverse("home")
with translation.override("fr-ca"):
    visits = [(visitor, reverse("home")), (visitor, reverse("register:grant_list")), (visitor, english_home),
              (member, reverse("organismes:dashboard")), (member, reverse("privacy:consents"))]
for client, path in visits:
    response = client.get(path, follow=True)
    print(path, response.status_code)
    assert response.status_code == 200, (path, response.status_code)
"""


def _sqlite_environment(tmp_path: Path) -> dict:
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PYTEST_XDIST_WORKER")}
    environment.update({
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_STORAGE_ROOT": str(tmp_path / "private"),
        "PYTHON": sys.executable,
    })
    return environment


def _run(command: list[str], environment: dict) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def test_make_setup_then_the_first_pages_work_on_a_fresh_sqlite_machine(tmp_path):
    environment = _sqlite_environment(tmp_path)
    _run(["make", "setup"], environment)
    pages = _run([sys.executable, "manage.py", "shell", "-c", PAGES_SCRIPT], environment)
    assert pages.stdout.count(" 200") == 5
