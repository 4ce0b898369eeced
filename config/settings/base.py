"""Settings shared by every environment. Values that differ between machines come from the
environment (12-factor); see README « Configuration » and .env.example."""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

from config.object_storage import private_storage_setting
from dataide.languages import Language
from dataide.logs import init_sentry, logging_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# The public register's open data (360Giving). The grant prefix follows 360Giving's rule for
# publishers without a registered prefix; the funder id is a placeholder until Centraide confirms
# its CA-CRA_ACR identifier, and the licence is Centraide's decision (README « Données ouvertes »).
OPEN_DATA_GRANT_PREFIX = env("OPEN_DATA_GRANT_PREFIX", default="360G-CGM-DATAIDE")
OPEN_DATA_FUNDER_ID = env("OPEN_DATA_FUNDER_ID", default="360G-CGM")
OPEN_DATA_LICENSE_URL = env("OPEN_DATA_LICENSE_URL", default="https://creativecommons.org/licenses/by/4.0/")

INSTALLED_APPS = [
    # django.contrib.admin with the staff home as its index (workspace.sites).
    "workspace.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    # Cross-cutting pieces first, then the domain in its dependency order.
    "dataide",
    "dataide.accounts",
    "dataide.audit",
    "dataide.outbox",
    "dataide.privacy",
    "programs",
    "organismes",
    "trainings",
    "applications",
    "committees",
    "grants",
    # After applications in the chain; nothing that scores or decides imports it.
    "impact",
    "register",
    # The pages that combine the domain apps come last: they may import every one of them.
    "portal",
]

MIDDLEWARE = [
    "dataide.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # django-csp's, with the settings' policy built once (dataide/csp.py).
    "dataide.csp.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "dataide.middleware.RequireMFAMiddleware",
    # Logs reads of organismes' files once their page is served (Law 25; see dataide/privacy).
    "dataide.privacy.readlog.ReadLogMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "dataide.context_processors.program_contact",
                "dataide.context_processors.navigation",
                "dataide.context_processors.consent_prompt",
                "dataide.csrf.context",
            ],
            # The workspace app is installed as django.contrib.admin (its AdminConfig): its tags are named here.
            "libraries": {"staff_navigation": "workspace.templatetags.staff_navigation"},
            # `{% extends %}` finding the layout's blocks once (dataide/templatetags/layout.py).
            "builtins": ["dataide.templatetags.layout"],
        },
    }
]

# Database: SQLite by default so `make run` works on a bare machine; PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# SQL compiled once per process (dataide.compiled) is also prepared once per PostgreSQL connection:
# false behind a transaction-pooling PgBouncer, where a connection's statements are not its own.
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"



def redis_cache(url: str, database_name: str) -> dict:
    """The cache on Redis: a backend that serves from the process's memory while Redis is down
    (dataide/cache.py), with short socket timeouts so an unreachable Redis never hangs a request.

    Keys are prefixed with the database's name: two deployments (staging beside production, a
    benchmark beside a developer's copy) sharing one Redis never read each other's cached pages,
    counts or sessions."""
    return {
        "BACKEND": "dataide.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="") or f"dataide:{database_name}",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }


# Redis (broker and cache) when REDIS_URL is set; otherwise tasks run in-process and the cache
# lives in the database, so the web process keeps no state of its own either way.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL, DATABASES["default"]["NAME"])}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "dataide_cache",
        }
    }
# What is kept once per process (the register's filter choices and form, register/forms.py): in
# its own memory, which a deploy's restart empties. The layout's parts are kept by `{% once %}`.
CACHES["fragments"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"}
# Sessions are read on every request: from the cache, written through to the database so a cache
# flush or a Redis restart signs nobody out. Never in process memory (several web processes).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# How long the staff program dashboard serves the figures it computed (its aggregates scan the
# whole program); the page says when they were computed and can recompute them on demand.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=300)

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A broker that is down must not hang a web request for long: the outbox relay catches up later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "socket_connect_timeout": 2}
CELERY_TIMEZONE = "America/Montreal"
CELERY_TASK_PUBLISH_RETRY = False
# Celery's Django fixup closes the database connection after every task unless told to reuse it:
# a new PostgreSQL connection per e-mail halved the delivery rate (issue 8's benchmark).
CELERY_DB_REUSE_MAX = 1000
CELERY_BEAT_SCHEDULE = {
    "outbox-relay": {"task": "dataide.outbox.tasks.relay_pending_messages", "schedule": 60.0},
    "committee-scoring-reminders": {"task": "committees.tasks.send_scoring_reminders", "schedule": 6 * 3600.0},
    "webinar-reminders": {"task": "trainings.tasks.send_webinar_reminders", "schedule": 900.0},
    "idle-draft-reminders": {"task": "applications.tasks.remind_idle_drafts", "schedule": 3600.0},
    "info-request-reminders": {"task": "applications.tasks.remind_info_requests", "schedule": 3600.0},
    "health-beat-tick": {"task": "dataide.tasks.record_beat_tick", "schedule": 60.0},
    "privacy-retention": {"task": "dataide.privacy.tasks.apply_retention", "schedule": 24 * 3600.0},
    "unsigned-agreement-reminders": {"task": "grants.tasks.remind_unsigned_agreements", "schedule": 3600.0},
    "final-report-reminders": {"task": "grants.tasks.remind_final_reports", "schedule": 6 * 3600.0},
}
# Law 25 retention (P-39.1 s. 23): what the daily task anonymises or deletes, and when.
PRIVACY_RETENTION = {
    "idle_drafts_months": env.int("RETENTION_IDLE_DRAFTS_MONTHS", default=18),
    "declined_attachments_years": env.int("RETENTION_DECLINED_ATTACHMENTS_YEARS", default=3),
    "read_log_years": env.int("RETENTION_READ_LOG_YEARS", default=2),
}
# /healthz/ answers 503 when workers were silent, beat did not tick or the oldest pending e-mail
# waited longer than these (seconds). Workers write their heartbeat every HEARTBEAT seconds.
HEALTH_WORKER_HEARTBEAT_SECONDS = env.int("HEALTH_WORKER_HEARTBEAT_SECONDS", default=30)
HEALTH_WORKER_SILENCE_SECONDS = env.int("HEALTH_WORKER_SILENCE_SECONDS", default=120)
HEALTH_BEAT_SILENCE_SECONDS = env.int("HEALTH_BEAT_SILENCE_SECONDS", default=300)
HEALTH_OUTBOX_MAX_AGE_SECONDS = env.int("HEALTH_OUTBOX_MAX_AGE_SECONDS", default=1800)

AUTH_USER_MODEL = "accounts.User"
ACCOUNT_ADAPTER = "dataide.accounts.adapter.AccountAdapter"
AUTHENTICATION_BACKENDS = [
    "dataide.accounts.backends.CachedModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "organismes:dashboard"

# django-allauth: e-mail only, verified before first login, its rate limits on (failed logins below).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# The optional consents, one checkbox per purpose, all unticked (dataide/privacy/forms.py).
ACCOUNT_SIGNUP_FORM_CLASS = "dataide.privacy.forms.SignupConsentForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[DATAide] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# Failed logins: 10 a minute and 30 an hour per address, 5 per 5 minutes per account from one
# address (the adapter joins the address to the account key). No limit per account alone: it let
# anyone lock the owner out. Spreading a guess over many addresses stays slow (30 an hour each,
# passwords of 10+ characters checked against common ones) and staff accounts have MFA.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,30/h/ip,5/5m/key"}
# Behind a reverse proxy (TLS in production) the client's address is in X-Forwarded-For: set the
# number of proxies, or every visitor shares the proxy's address and its per-address limits.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "DATAide"

# Internationalisation: French (Canada) first, English second; URLs carry /fr/ or /en/.
LANGUAGE_CODE = Language.FRENCH.value
LANGUAGES = Language.choices
# Ours first; then allauth's French strings said « courriel » (dataide/allauth_locale), which win
# over allauth's own catalog.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "dataide" / "allauth_locale"]
# Our time formats (« 13 h 30 », « 1:30 p.m. ») before Django's: see dataide/formats.
FORMAT_MODULE_PATH = ["dataide.formats"]
TIME_ZONE = "America/Montreal"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
# Private files (attachments, generated PDFs, exports) live outside any public root, on disk or in
# an S3-compatible bucket (STORAGE_URL, see config/object_storage.py); views check access.
PRIVATE_STORAGE_ROOT = env.path("PRIVATE_STORAGE_ROOT", default=BASE_DIR / "private")
STORAGE_URL = env("STORAGE_URL", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": private_storage_setting(STORAGE_URL, local_root=PRIVATE_STORAGE_ROOT),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Downloads of private files: 0 streams them through the view; N > 0 answers, after the same
# access check, with a URL the object storage signs for N seconds (S3 only; disk always streams).
PRIVATE_DOWNLOAD_URL_SECONDS = env.int("PRIVATE_DOWNLOAD_URL_SECONDS", default=0)
# CSV exports larger than this many rows are built by a Celery task instead of streamed.
EXPORT_ASYNC_THRESHOLD = env.int("EXPORT_ASYNC_THRESHOLD", default=5000)
# Law 25 portability: hours a « Télécharger nos données » link stays valid (it works once).
PRIVACY_EXPORT_LINK_HOURS = env.int("PRIVACY_EXPORT_LINK_HOURS", default=72)
# WeasyPrint: seconds one PDF may take before rendering is abandoned.
PDF_RENDER_TIMEOUT = env.int("PDF_RENDER_TIMEOUT", default=20)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=1025)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="DATAide <dataide@centraide-mtl.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PROGRAM_CONTACT_EMAIL = env("PROGRAM_CONTACT_EMAIL", default="dataide@centraide-mtl.org")

SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): the browser itself loads nothing from a third party and
# runs no inline script, except one carrying the request's nonce (`nonce="{{ CSP_NONCE }}"`);
# styles come from our files only (no style="" attributes in pages). `data:` images are the SVG
# icons inside Bootstrap's CSS (select arrows, check marks). tests/dataide/test_security_headers.py
# scans every template for inline scripts and handlers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The language chosen with the switcher: never sent on cross-site requests, unreadable by scripts;
# Secure in production (prod.py).
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# Logs: one format for web and workers (dataide/logs.py); JSON lines in production.
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = logging_settings(LOG_FORMAT, LOG_LEVEL)
# Workers log through the configuration above, not Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Error reports to Sentry when SENTRY_DSN is set: no personal data, e-mail addresses scrubbed.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    init_sentry(SENTRY_DSN, environment=env("SENTRY_ENVIRONMENT", default="production"))
