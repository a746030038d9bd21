"""A bad IMAP_URL stops the start-up with a clear message (mailin.E001)."""

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.compatibility)
def check_imap_url(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from .imap import parse_imap_url

    url = getattr(settings, "IMAP_URL", "")
    if not url:
        return []
    try:
        parse_imap_url(url)
    except ImproperlyConfigured:
        return [checks.Error("IMAP_URL is not a valid IMAP URL.", hint="Use imaps://user:password@host/INBOX "
                             "(URL-encode @ in the user name as %40).", id="mailin.E001")]
    return []
