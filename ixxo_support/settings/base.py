"""Settings shared by every environment. Everything that differs comes from the environment.

With nothing configured the product runs embedded: SQLite and Celery tasks executed
in-process. DATABASE_URL switches to PostgreSQL, REDIS_URL to a Redis broker, cache and
real Celery workers.
"""

from pathlib import Path

import dj_database_url

from .env import email_settings_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("IXXO_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-never-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "core",
    "accounts",
    "tickets",
    "policy",
    "forum",
    "routing",
    "webhooks",
    "mailin",
    "desk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ixxo_support.urls"
WSGI_APPLICATION = "ixxo_support.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": dj_database_url.parse(f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
    # The embedded default: SQLite cannot create the SLA policies' NULLS NOT DISTINCT constraint,
    # which PostgreSQL enforces; nor INCLUDE columns of the desk's covering indexes (plain indexes
    # there). Known limits of the SQLite mode, not worth a warning per command.
    SILENCED_SYSTEM_CHECKS = ["models.W047", "models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    # Attachments live outside the web root and are served only by a view that checks access.
    "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env_str("ATTACHMENTS_ROOT", str(VAR_DIR / "attachments")), "base_url": None},
    },
}

# Attachments and ticket text limits (clear errors past them, see tickets/validators.py).
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_MAX_PER_UPLOAD = env_int("ATTACHMENT_MAX_PER_UPLOAD", 5)
TICKET_BODY_MAX_CHARS = env_int("TICKET_BODY_MAX_CHARS", 50_000)
# The desk's full-text search is cancelled after this long, so that it cannot tie up the database.
DESK_SEARCH_TIMEOUT_MS = env_int("DESK_SEARCH_TIMEOUT_MS", 2000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# E-mail: EMAIL_URL (smtp://user:pass@host:587?tls=1) or console output by default.
globals().update(email_settings_from_url(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "IXXO Support <support@ixxo.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SUPPORT_SITE_URL = env_str("SUPPORT_SITE_URL", "http://127.0.0.1:8000")
# Inbound e-mail (mailin): IMAP_URL=imaps://user:password@host/INBOX is polled every minute; mail is
# flagged \Seen after storing, or moved to IMAP_MOVE_TO when set.
IMAP_URL = env_str("IMAP_URL")
IMAP_MOVE_TO = env_str("IMAP_MOVE_TO")
MAILIN_AUTO_REPLY_INTERVAL = env_int("MAILIN_AUTO_REPLY_INTERVAL", 24 * 3600)
MAILIN_AUTO_REPLY_MAX_PER_HOUR = env_int("MAILIN_AUTO_REPLY_MAX_PER_HOUR", 100)
MAILIN_OWN_ADDRESSES = env_list("MAILIN_OWN_ADDRESSES", [])

# Celery: a Redis broker when REDIS_URL is set, otherwise tasks run in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# How long a process may use its cached routing rules, SLA policies and webhooks (0: never cache).
ROUTING_CACHE_SECONDS = env_int("ROUTING_CACHE_SECONDS", 5)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Installed into django-celery-beat's tables, where admins can change them.
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "core.sweep_outbox", "schedule": 60.0},
    "escalation-scan": {"task": "routing.escalation_scan", "schedule": 60.0},
    "assign-waiting": {"task": "routing.assign_waiting", "schedule": 300.0},
    "reroute-unrouted": {"task": "routing.reroute_unrouted", "schedule": 60.0},
    "auto-close": {"task": "routing.auto_close", "schedule": 3600.0},
    "mailin-poll-imap": {"task": "mailin.poll_imap", "schedule": 60.0},
}
CELERY_TIMEZONE = TIME_ZONE
# Open tickets this old without a routing decision are sent to routing again (routing.reroute_unrouted).
ROUTING_SWEEP_AFTER_SECONDS = env_int("ROUTING_SWEEP_AFTER_SECONDS", 300)
ROUTING_AUTO_CLOSE_DAYS = env_int("ROUTING_AUTO_CLOSE_DAYS", 7)
# Workers keep their database connections across tasks (broken ones are closed: ixxo_support/worker_db.py).
# Celery's own count-based recycling is off in effect: close_old_connections already replaces a
# connection after DB_CONN_MAX_AGE seconds, and reconnecting every 100 tasks (a new PostgreSQL
# backend warming its caches) cost CPU on both sides at 50 tickets/s.
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 1_000_000)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.IdCursorPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ixxo_support.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IXXO Support Desk API",
    "DESCRIPTION": "Tickets, messages and attachments for merchants and agents.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"TicketStatusEnum": "tickets.models.Ticket.Status"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
