"""Real gunicorn processes for the tests, and a small cookie-keeping HTTP client for them."""

import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: one cookie jar, whichever server answers (as behind a load balancer)."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect())

    def cookie(self, name: str) -> str | None:
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)

    def request(self, url: str, *, data: bytes | None = None, headers: dict | None = None) -> Response:
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as answer:
                return Response(answer.status, dict(answer.headers), answer.read())
        except urllib.error.HTTPError as answer:
            return Response(answer.code, dict(answer.headers), answer.read())

    def get(self, url: str) -> Response:
        return self.request(url)

    def post(self, url: str, fields: dict, files: dict | None = None) -> Response:
        """A form post with the CSRF token this browser holds (fetch a page first)."""
        fields = {"csrfmiddlewaretoken": self.cookie("csrftoken") or "", **fields}
        headers = {"X-CSRFToken": fields["csrfmiddlewaretoken"]}
        if not files:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            return self.request(url, data=urllib.parse.urlencode(fields).encode(), headers=headers)
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in fields.items()
        ]
        for name, (filename, content, content_type) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n"
            )
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        return self.request(url, data=b"".join(parts) + f"--{boundary}--\r\n".encode(), headers=headers)


class Gunicorn:
    """`gunicorn config.wsgi` on a free port of 127.0.0.1, with the given environment."""

    def __init__(self, environment: dict, *, workers: int = 1, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--chdir", str(ROOT), "--timeout", "60"],
            env={**os.environ, **environment}, stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=ROOT,
        )

    def wait_until_ready(self, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/healthz/", timeout=2):
                    return
            except urllib.error.HTTPError:
                return  # it answers (a 503 only says some background part is not there yet)
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.log.read_text(errors='replace')[-3000:]}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
