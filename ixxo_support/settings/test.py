"""Tests run against PostgreSQL (and Redis where a test needs it).

DATABASE_URL / REDIS_URL choose the servers; by default the local ones on 127.0.0.1. When a
server does not answer, tests/conftest.py skips the tests that need it, or fails them when
IXXO_REQUIRE_SERVICES=1 (as CI does).
"""

import os
import tempfile

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ixxo")
# A directory of this process's own: parallel test workers must not see each other's files.
os.environ["ATTACHMENTS_ROOT"] = tempfile.mkdtemp(prefix="ixxo-test-attachments-")
TEST_REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")

from .base import *  # noqa: E402, F403
from .base import STORAGES  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests that need a broker start a real worker explicitly (tests/celery_worker.py); the rest run in-process.
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
