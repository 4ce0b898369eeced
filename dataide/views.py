from django.conf import settings
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import background_checks


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "not ready", whatever the driver raises
        return f"error: {error.__class__.__name__}"
    return "ok"


def _broker_state() -> str:
    if not settings.REDIS_URL:
        return "ok (in-process tasks)"
    import redis

    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as error:
        return f"error: {error.__class__.__name__}"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """For load balancers and uptime checks: 200 when the database and the broker answer, workers
    and beat were heard from recently and no e-mail waits too long (thresholds in settings)."""
    checks = {"database": _database_state(), "broker": _broker_state()}
    healthy = all(state.startswith("ok") for state in checks.values())
    background_ok, background = background_checks()
    healthy = healthy and background_ok
    return JsonResponse({"status": "ok" if healthy else "error", **checks, **background}, status=200 if healthy else 503)


@require_GET
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the pages link: send them to the
    static file (hashed name in production), so the request never ends in a 404."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))
