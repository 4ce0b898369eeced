"""The browser is told what it may load and run (Content-Security-Policy), no template relies on an
inline script, the language cookie stays on our site, and gunicorn does not name itself. The
project's CSP middleware (dataide/csp.py: the settings' policy built once) writes the headers
django-csp writes, response after response."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from csp.constants import NONCE, SELF
from csp.decorators import csp, csp_exempt, csp_replace, csp_update
from csp.middleware import CSPMiddleware
from django.apps import apps
from django.conf import settings
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory, override_settings
from django.urls import reverse

from dataide.csp import CSPMiddleware as ProjectCSPMiddleware
from tests.staff.factories import signed_in_team

ROOT = Path(settings.BASE_DIR)
EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.django_db
def test_public_pages_and_the_admin_carry_the_policy(client):
    for url in (reverse("home"), reverse("account_login"), reverse("account_signup")):
        response = client.get(url)
        assert response.status_code == 200 and _policy(response) == EXPECTED_POLICY, url
    signed_in_team(client)
    for name in ("admin:index", "admin:applications_application_changelist", "admin:program_dashboard",
                 "admin:applications_application_add"):
        response = client.get(reverse(name))
        assert response.status_code in (200, 403) and _policy(response) == EXPECTED_POLICY, name


def test_a_script_carrying_the_request_nonce_is_allowed():
    template = engines["django"].from_string('<script nonce="{{ CSP_NONCE }}">document.title = "x";</script>')

    def view(request):
        return HttpResponse(template.render({}, request))

    response = ProjectCSPMiddleware(view)(RequestFactory().get("/"))
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert _policy(response)["script-src"] == f"'self' 'nonce-{nonce}'"


def _plain(request):
    return HttpResponse("ok")


def _with_nonce(request):
    return HttpResponse(str(request.csp_nonce))


def _with_header(request):
    response = HttpResponse("ok")
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


VIEWS = [
    _plain, _with_nonce, _with_header, csp_exempt()(_with_nonce), csp_exempt(REPORT_ONLY=True)(_with_nonce),
    csp_update({"img-src": ["https://images.exemple.org"]})(_with_nonce), csp_replace({"script-src": [SELF]})(_with_nonce),
    csp({"default-src": [SELF], "script-src": [NONCE]})(_with_nonce),
    csp_update({"connect-src": [SELF]}, REPORT_ONLY=True)(_plain),
]
REPORT_ONLY = {"EXCLUDE_URL_PREFIXES": ["/exclu/"], "DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}


@pytest.mark.parametrize("report_only", [None, REPORT_ONLY], ids=["enforced", "report-only-too"])
@pytest.mark.parametrize("debug", [False, True])
def test_the_projects_middleware_writes_the_headers_django_csp_writes(settings, report_only, debug):
    settings.DEBUG = debug
    if report_only:
        settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = report_only
    for view in VIEWS:
        for path, status in (("/", 200), ("/exclu/page", 200), ("/", 404)):
            def answer(request, view=view, status=status):
                response = view(request)
                response.status_code = status
                return response

            headers = []
            for middleware in (CSPMiddleware(answer), ProjectCSPMiddleware(answer), ProjectCSPMiddleware(answer)):
                request = RequestFactory().get(path)
                response = middleware(request)
                nonce = getattr(request, "_csp_nonce", None) or "∅"
                headers.append([(name, value.replace(nonce, "<nonce>")) for name, value in response.items()
                                if name.startswith("Content-Security-Policy")])
            assert headers[1] == headers[0] == headers[2], (view, path, status)


def test_a_nonce_asked_for_after_the_headers_is_refused():
    from csp.exceptions import CSPNonceError

    request = RequestFactory().get("/")
    ProjectCSPMiddleware(_plain)(request)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_the_settings_policy_changes_with_the_settings():
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": [SELF], "img-src": ["data:"]}}):
        response = ProjectCSPMiddleware(_plain)(RequestFactory().get("/"))
        assert _policy(response) == {"default-src": "'self'", "img-src": "data:"}
    response = ProjectCSPMiddleware(_plain)(RequestFactory().get("/"))
    assert _policy(response) == EXPECTED_POLICY


def _template_files(dirs) -> list[Path]:
    return sorted(path for directory in dirs if directory.is_dir() for path in directory.rglob("*.html"))


def _every_template_dir() -> list[Path]:
    dirs = [Path(directory) for directory in settings.TEMPLATES[0]["DIRS"]]
    return dirs + [Path(config.path) / "templates" for config in apps.get_app_configs()]


def _project_template_dirs() -> list[Path]:
    return [directory for directory in _every_template_dir() if directory.is_relative_to(ROOT)
            and ".venv" not in directory.parts]


# A <script> the browser runs: no src, no nonce, and no data type (allauth's JSON blocks never run).
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\bnonce=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>",
                           re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^<>]*?\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
# Rendered for mail clients and WeasyPrint, never served to a browser under the policy.
NOT_SERVED = ("emails", "pdf")


def test_no_template_runs_an_inline_script_without_the_nonce():
    """Every template Django can load: ours, the admin's, allauth's, crispy's."""
    files = _template_files(_every_template_dir())
    assert len(files) > 200  # the third-party ones are scanned too
    found = [
        f"{path}: {match.group(0)[:80]}"
        for path in files
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, JAVASCRIPT_URL)
        for match in pattern.finditer(path.read_text(errors="replace"))
    ]
    assert found == []


def test_no_page_template_of_ours_has_inline_styles():
    files = [path for path in _template_files(_project_template_dirs())
             if not any(part in NOT_SERVED for part in path.parts)]
    assert len(files) > 30
    found = [f"{path}: {match.group(0)}" for path in files for match in STYLE.finditer(path.read_text())]
    assert found == []


@pytest.mark.django_db
def test_the_language_cookie_is_lax_and_unreadable_by_scripts(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/en/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and cookie["samesite"] == "Lax" and cookie["httponly"]


def _production(*lines: str) -> str:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.prod", "SECRET_KEY": "x" * 60,
                   "ALLOWED_HOSTS": "dataide.example.org", "DATABASE_URL": "sqlite:////tmp/unused.sqlite3"}
    code = "import django; django.setup(); from django.conf import settings; " + "; ".join(lines)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_in_production_the_language_cookie_is_secure():
    assert _production("print(settings.LANGUAGE_COOKIE_SECURE, settings.LANGUAGE_COOKIE_SAMESITE)") == "True Lax"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_does_not_name_itself_in_the_server_header():
    for path, command in ((ROOT / "Dockerfile", '"gunicorn", "-c", "config/gunicorn.py"'),
                          (ROOT / "docker-compose.yml", "gunicorn -c config/gunicorn.py")):
        assert command in path.read_text(), path
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/fr/", timeout=5)
                break
            except urllib.error.HTTPError as error:  # any answer will do: the header is what counts
                response = error
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert response.headers["Server"] == "DATAide"
    finally:
        server.terminate()
        server.wait(timeout=10)
