"""Logs the same way in web and worker processes: one line per record, JSON in production
(LOG_FORMAT=json), readable text in development, each carrying the request id (also passed to
the tasks a request queues) and the signed-in user's id — never an e-mail address. Error reports
go to Sentry when SENTRY_DSN is set, with personal data left out and e-mail addresses scrubbed."""

import contextvars
import json
import logging
import re
import time
import uuid

from django.utils.functional import empty

_request_id = contextvars.ContextVar("request_id", default=None)
_request = contextvars.ContextVar("request", default=None)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
request_logger = logging.getLogger("dataide.request")


def current_request_id() -> str | None:
    return _request_id.get()


def _loaded_user_id(request) -> int | None:
    # Only a user the request already loaded: logging must not cost a query.
    user = request.__dict__.get("user") if request is not None else None
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class ContextFilter(logging.Filter):
    """Adds request_id and user_id to every record (None outside a request or task)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        if not hasattr(record, "user_id"):
            record.user_id = _loaded_user_id(_request.get())
        return True


_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the context and any `extra`."""

    def format(self, record):
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": EMAIL.sub("[courriel]", record.getMessage()),
        }
        line.update({key: value for key, value in vars(record).items() if key not in _STANDARD})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


JsonFormatter.converter = time.gmtime


def logging_settings(log_format: str, level: str) -> dict:
    formatter = "json" if log_format == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "dataide.logs.ContextFilter"}},
        "formatters": {
            "json": {"()": "dataide.logs.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s user=%(user_id)s] %(message)s"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["context"], "formatter": formatter}},
        "root": {"handlers": ["console"], "level": level},
        # WeasyPrint and fontTools narrate every render at INFO.
        "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "weasyprint.progress", "fontTools")},
    }


class RequestLogMiddleware:
    """Gives each request an id (the proxy's X-Request-ID when it looks safe), answers it in the
    X-Request-ID header and logs one line per request with its status and duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        # Left set after the response (the next request replaces them): Django logs errors such as
        # "Service Unavailable" after the middleware chain returned, and they must carry the id.
        _request_id.set(request.request_id)
        _request.set(request)
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        request_logger.info(
            "%s %s %s", request.method, request.path, response.status_code,
            extra={"method": request.method, "path": request.path, "status": response.status_code,
                   "duration_ms": round((time.perf_counter() - started) * 1000, 1)},
        )
        return response


def pass_request_id_to_task(headers=None, **kwargs):
    """Celery before_task_publish: the queued task carries the request's id."""
    if headers is not None and _request_id.get():
        headers.setdefault("request_id", _request_id.get())


def adopt_task_request_id(task=None, **kwargs):
    """Celery task_prerun: the task's log lines carry the id of the request that queued it."""
    _request_id.set(getattr(task.request, "request_id", None) if task is not None else None)


def scrub_emails(value):
    if isinstance(value, str):
        return EMAIL.sub("[courriel]", value)
    if isinstance(value, dict):
        return {key: scrub_emails(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub_emails(item) for item in value]
    return value


def before_send(event, hint):
    """Sentry: no e-mail address leaves, wherever it hid (message, exception, locals, breadcrumbs)."""
    return scrub_emails(event)


def init_sentry(dsn: str, *, environment: str) -> None:
    import sentry_sdk

    sentry_sdk.init(dsn=dsn, environment=environment, send_default_pii=False, before_send=before_send,
                    traces_sample_rate=0.0)
