"""The deployment files stay true to the settings: compose names every service and variable the
production settings need, the image's and compose's commands name modules that exist, the image's
`collectstatic` step succeeds with the production storage, `check --deploy` is clean, and no
migration is missing."""

import json
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


def _dockerfile() -> str:
    """The Dockerfile with its continued lines (ending in a backslash) joined."""
    return (ROOT / "Dockerfile").read_text().replace("\\\n", " ")


def _commands() -> list[str]:
    """Every command line that starts the application: the image's CMD, compose's, the Procfile's."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    image_command = " ".join(json.loads(re.search(r"^CMD (\[.*\])$", _dockerfile(), re.M).group(1)))
    procfile = (ROOT / "Procfile.dev").read_text().splitlines()
    return [image_command, *(str(service.get("command", "")) for service in compose["services"].values()), *procfile]


def test_each_gunicorn_worker_freezes_what_it_loaded_before_serving():
    import gc
    import runpy

    hooks = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))
    try:
        hooks["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_the_gunicorn_and_celery_commands_name_apps_that_import():
    from celery import Celery
    from celery.app.utils import find_app
    from gunicorn.util import import_app

    commands = " ".join(_commands())
    # Options may stand before the application (`gunicorn -c config/gunicorn.py config.wsgi:application`).
    wsgi_apps = set(re.findall(r"gunicorn(?:\s+-\S+\s+\S+)*\s+([\w.]+:\w+)", commands))
    for config_file in re.findall(r"gunicorn\s+-c\s+(\S+)", commands):
        assert (ROOT / config_file).is_file(), config_file
    celery_apps = set(re.findall(r"celery\s+-A\s+([\w.]+)", commands))
    assert wsgi_apps == {"config.wsgi:application"}
    assert celery_apps == {"config"}
    for target in wsgi_apps:
        assert callable(import_app(target)), target
    for target in celery_apps:
        assert isinstance(find_app(target), Celery), target


def test_the_image_collectstatic_step_succeeds_with_the_production_storage(tmp_path):
    """The Dockerfile's own step, with its own variables: whitenoise's compressed manifest storage
    rewrites every url() and sourceMappingURL it finds, and fails on any file they name that is
    missing (Bootstrap's vendored files named source maps we do not ship)."""
    dockerfile = _dockerfile()
    image_environment = dict(re.findall(r"([A-Z_]+)=(\S+)", re.search(r"^ENV (.+)$", dockerfile, re.M).group(1)))
    step = re.search(r"((?:[A-Z_]+=\S+\s+)+)python manage.py collectstatic --noinput", dockerfile)
    assert step, "the Dockerfile runs collectstatic while building the image"
    static_root = tmp_path / "static"
    environment = {
        **os.environ,
        **image_environment,
        **dict(pair.split("=", 1) for pair in step.group(1).split()),
        "STATIC_ROOT": str(static_root),
    }
    assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.prod"
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    for source in ("vendor/bootstrap/bootstrap.min.css", "vendor/bootstrap/bootstrap.bundle.min.js", "css/dataide.css"):
        hashed = static_root / manifest["paths"][source]
        assert hashed.exists() and hashed.with_name(hashed.name + ".gz").exists(), source


def _make_run_site_url(*make_arguments: str, **environment: str) -> str:
    """The SITE_URL `make run` gives the processes it starts (read from a dry run of its recipe)."""
    without_site_url = {name: value for name, value in os.environ.items() if name != "SITE_URL"}
    dry_run = subprocess.run(
        ["make", "--no-print-directory", "-n", "run", *make_arguments], cwd=ROOT,
        env={**without_site_url, **environment}, capture_output=True, text=True, timeout=60,
    )
    assert dry_run.returncode == 0, dry_run.stderr
    assert "export SITE_URL=" in dry_run.stdout, "make run does not hand SITE_URL to the processes it starts"
    recipe = dry_run.stdout[dry_run.stdout.index("export SITE_URL="):]
    assert recipe.index("export SITE_URL=") < recipe.index("honcho start") < recipe.index("runserver")
    return re.match(r'export SITE_URL="([^"]+)"', recipe).group(1)


def test_make_run_on_another_port_puts_that_port_in_the_links_of_emails():
    site_url = _make_run_site_url("PORT=8123")
    assert site_url == "http://127.0.0.1:8123"
    # What the web server and the worker build e-mail links from, with that environment.
    link = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c",
         "from dataide.i18n import absolute_url; print(absolute_url('organismes:dashboard', 'fr-ca'))"],
        cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "SITE_URL": site_url},
        capture_output=True, text=True, timeout=120,
    )
    assert link.stdout.strip() == "http://127.0.0.1:8123/fr/organisme/", link.stderr
    # A SITE_URL set by whoever runs it (a tunnel, a proxy) is kept.
    assert _make_run_site_url("PORT=8123", SITE_URL="https://demo.example.org") == "https://demo.example.org"


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
