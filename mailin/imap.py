"""Poll an IMAP mailbox (IMAP_URL=imaps://user:pass@host/INBOX).

Each unseen mail is fetched without setting \\Seen, stored under the source_ref
"imap:<user>@<host>/<folder>:<UIDVALIDITY>:<UID>", and only then flagged \\Seen (or moved to
IMAP_MOVE_TO). The source_ref is unique: two pollers that fetch the same mail store it once, and a
poller that died after storing but before flagging only flags it on the next run.
"""

import contextlib
import imaplib
import logging
import re
import ssl
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .models import InboundMessage
from .services import inbound_store

logger = logging.getLogger(__name__)
UIDVALIDITY_RE = re.compile(rb"UIDVALIDITY (\d+)")


@dataclass(frozen=True)
class ImapConfig:
    host: str
    port: int
    user: str
    password: str
    folder: str
    tls: bool
    starttls: bool
    move_to: str = ""

    @property
    def mailbox(self) -> str:
        return f"{self.user}@{self.host}/{self.folder}"


def parse_imap_url(url: str, *, move_to: str = "") -> ImapConfig:
    """imaps://user:pass@host[:993][/Folder], imap://...[:143][/Folder][?starttls=1]"""
    parsed = urlparse(url)
    if parsed.scheme not in {"imap", "imaps"} or not parsed.hostname or not parsed.username:
        raise ImproperlyConfigured("IMAP_URL must look like imaps://user:password@host/INBOX")
    tls = parsed.scheme == "imaps"
    return ImapConfig(
        host=parsed.hostname, port=parsed.port or (993 if tls else 143), user=unquote(parsed.username),
        password=unquote(parsed.password or ""), folder=unquote(parsed.path.strip("/")) or "INBOX", tls=tls,
        starttls="starttls=1" in parsed.query, move_to=move_to,
    )


def configured() -> ImapConfig | None:
    url = getattr(settings, "IMAP_URL", "")
    return parse_imap_url(url, move_to=getattr(settings, "IMAP_MOVE_TO", "")) if url else None


def _connect(config: ImapConfig) -> imaplib.IMAP4:
    if config.tls:
        conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(config.host, config.port, ssl_context=ssl.create_default_context(),
                                                timeout=30)
    else:
        conn = imaplib.IMAP4(config.host, config.port, timeout=30)
        if config.starttls:
            conn.starttls(ssl_context=ssl.create_default_context())
    conn.login(config.user, config.password)
    return conn


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _done(conn: imaplib.IMAP4, uid: bytes, config: ImapConfig) -> None:
    if config.move_to:
        if "MOVE" in conn.capabilities:
            conn.uid("MOVE", uid, _quote(config.move_to))
            return
        conn.uid("COPY", uid, _quote(config.move_to))
        conn.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted \Seen)")
        conn.expunge()
        return
    conn.uid("STORE", uid, "+FLAGS.SILENT", r"(\Seen)")


def poll(config: ImapConfig, *, limit: int = 100) -> int:
    """Store up to `limit` unseen mails; returns how many were new."""
    conn = _connect(config)
    stored = 0
    try:
        typ, _ = conn.select(_quote(config.folder))
        if typ != "OK":
            raise ImproperlyConfigured(f"IMAP folder {config.folder!r} cannot be opened")
        _, data = conn.response("UIDVALIDITY")
        uidvalidity = int(data[0]) if data and data[0] else 0
        _, found = conn.uid("SEARCH", None, "UNSEEN", "UNDELETED")
        for uid in (found[0] or b"").split()[:limit]:
            typ, parts = conn.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((part[1] for part in parts if isinstance(part, tuple)), None)
            if typ != "OK" or raw is None:
                continue  # expunged by someone else meanwhile
            ref = f"imap:{config.mailbox}:{uidvalidity}:{int(uid)}"
            result = inbound_store(raw=raw, source=InboundMessage.Source.IMAP, source_ref=ref[:500])
            stored += result.new
            _done(conn, uid, config)
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            conn.logout()
    if stored:
        logger.info("IMAP %s: %d new mails stored", config.mailbox, stored)
    return stored
