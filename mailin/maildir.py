"""Import a Maildir: every file in new/ is stored, then moved to cur/ (flagged Seen).

Safe with two importers at once: the file name is the mail's source_ref (unique), so the second
importer finds it stored and only moves it; a crash between storing and moving re-imports nothing.
"""

import contextlib
import logging
import os
from pathlib import Path

from .models import InboundMessage
from .services import inbound_store

logger = logging.getLogger(__name__)


def _cur_name(name: str) -> str:
    base = name.split(":2,", 1)[0]
    return f"{base}:2,S"


def import_maildir(path: str | os.PathLike[str], *, limit: int | None = None) -> int:
    """Returns how many new mails were stored."""
    root = Path(path)
    new, cur = root / "new", root / "cur"
    cur.mkdir(exist_ok=True)
    stored = 0
    for entry in sorted(new.iterdir(), key=lambda p: p.name)[:limit]:
        if entry.name.startswith("."):
            continue
        try:
            raw = entry.read_bytes()
        except FileNotFoundError:  # another importer moved it meanwhile
            continue
        ref = f"maildir:{root.resolve()}:{entry.name.split(':2,', 1)[0]}"
        result = inbound_store(raw=raw, source=InboundMessage.Source.MAILDIR, source_ref=ref[:500])
        stored += result.new
        with contextlib.suppress(FileNotFoundError):
            entry.rename(cur / _cur_name(entry.name))
    if stored:
        logger.info("Maildir %s: %d new mails stored", root, stored)
    return stored
