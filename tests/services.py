"""Which real services the suite can reach, and what to do when one is missing."""

import os
import shutil
import socket
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"


def required() -> bool:
    return os.environ.get("IXXO_REQUIRE_SERVICES", "") == "1"


def _answers(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def postgres_answers() -> bool:
    return _answers(os.environ["DATABASE_URL"], 5432)


def redis_answers() -> bool:
    from django.conf import settings

    return _answers(settings.TEST_REDIS_URL, 6379)


def chromium_present() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None
