"""PDF rendering with WeasyPrint, shared by every app.

The renderer fetches nothing but the project's own static files: templates reference them as
`static:css/pdf.css`, and every other URL (http, https, file, data…) is refused. Templates are
Django templates with autoescaping, so user text cannot inject markup. A render that runs longer
than PDF_RENDER_TIMEOUT is abandoned where the platform allows it (main thread: Celery workers).
"""

import logging
import mimetypes
import signal
import threading
from contextlib import contextmanager

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

STATIC_SCHEME = "static:"


class PDFRenderTimeout(Exception):
    pass


class StaticOnlyURLFetcher(URLFetcher):
    def __init__(self):
        super().__init__(fail_on_errors=False)
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith(STATIC_SCHEME):
            relative = url[len(STATIC_SCHEME):].lstrip("/")
            path = finders.find(relative) if ".." not in relative else None
            if path:
                self.fetched.append(url)
                with open(path, "rb") as static_file:
                    body = static_file.read()
                content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})
        self.refused.append(url)
        logger.warning("pdf: refused to fetch %s", url)
        raise ValueError(f"PDF renderer fetches only the project's static files, not {url}")


@contextmanager
def _time_limit(seconds: int):
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum, frame):
        raise PDFRenderTimeout(f"PDF rendering took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_html_to_pdf(html: str, fetcher: StaticOnlyURLFetcher | None = None) -> bytes:
    fetcher = fetcher or StaticOnlyURLFetcher()
    with _time_limit(settings.PDF_RENDER_TIMEOUT):
        return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(template_name, {**context, "LANGUAGE_CODE": language})
    return render_html_to_pdf(html)
