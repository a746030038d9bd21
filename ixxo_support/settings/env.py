"""Typed getters for settings read from the environment.

Each getter fails loudly (ImproperlyConfigured) on a value it cannot parse, so that a
typo in a deployment shows at start-up rather than as odd behaviour later.
"""

import os
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def email_settings_from_url(url: str) -> dict[str, object]:
    """Turn EMAIL_URL into Django's EMAIL_* settings.

    Supported: smtp://user:pass@host:587?tls=1, smtps://... (implicit TLS),
    console://, file:///path/to/dir, locmem://.
    """
    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parsed.path),
        }
    if scheme in {"smtp", "smtps"}:
        query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        if not parsed.hostname:
            raise ImproperlyConfigured(f"EMAIL_URL {url!r} has no host")
        try:
            port, timeout = parsed.port, int(query.get("timeout", "10"))
        except ValueError as exc:
            raise ImproperlyConfigured(f"EMAIL_URL {url!r} has a port or timeout that is not a number") from exc
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname,
            "EMAIL_PORT": port or (465 if scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": query.get("tls", "0").lower() in _TRUE,
            "EMAIL_TIMEOUT": timeout,
        }
    raise ImproperlyConfigured(f"EMAIL_URL scheme {scheme!r} is not supported (smtp, smtps, console, file, locmem)")
