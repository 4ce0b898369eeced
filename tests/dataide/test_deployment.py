"""The deployment files stay true to the settings: compose names every service and variable the
production settings need, `check --deploy` is clean, and no migration is missing."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
SETTINGS_DIR = ROOT / "config" / "settings"
ENV_READ = re.compile(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def _variables_read_by(path: Path) -> set[str]:
    return set(ENV_READ.findall(path.read_text()))


def _required_in_production() -> set[str]:
    # prod.py reads these with no default: the app does not start without them.
    source = (SETTINGS_DIR / "prod.py").read_text()
    return set(re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z0-9_]+)["']\s*\)""", source))


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_every_service(compose):
    assert set(compose["services"]) >= {"postgres", "redis", "web", "worker", "beat", "mailpit"}
    assert "gunicorn" in str(compose["services"]["web"]["command"])
    assert "worker" in compose["services"]["worker"]["command"]
    assert "beat" in compose["services"]["beat"]["command"]


@pytest.mark.parametrize("service", ["web", "worker", "beat"])
def test_django_services_get_the_variables_the_settings_need(compose, service):
    environment = compose["services"][service]["environment"]
    assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.prod"
    needed = _required_in_production() | {"DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "EMAIL_PORT", "SITE_URL"}
    assert needed <= set(environment), needed - set(environment)
    assert environment["DATABASE_URL"].startswith("postgres://") and "@postgres:" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:")
    assert environment["EMAIL_HOST"] == "mailpit"


def test_every_variable_the_settings_read_is_documented():
    read = set().union(*(_variables_read_by(path) for path in SETTINGS_DIR.glob("*.py")))
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read <= documented, read - documented


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": "a-very-long-random-production-secret-key-0123456789-abcdefghijkl",
        "ALLOWED_HOSTS": "dataide.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings.prod", "ALLOWED_HOSTS": "x", "DATABASE_URL": "sqlite:///x"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_no_migration_is_missing():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
