"""Raw RFC 5322 bytes to plain data: addresses, threading headers, text and attachments.

Pure: no ORM, no settings. Bodies are decoded with the declared charset, falling back to
windows-1252 (what "iso-8859-1" mail usually is) and latin-1, so the text never holds U+FFFD,
which tickets.validators refuses.
"""

import email
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from .htmltext import html_to_text

MSGID_RE = re.compile(r"<[^<>\s]+>")


@dataclass(frozen=True)
class ParsedAttachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    from_address: str
    from_name: str
    recipients: tuple[str, ...]
    subject: str
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    text: str
    headers: dict[str, str] = field(repr=False)
    content_type: str = "text/plain"
    attachments: tuple[ParsedAttachment, ...] = ()

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    @property
    def thread_ids(self) -> tuple[str, ...]:
        return self.in_reply_to + tuple(ref for ref in reversed(self.references) if ref not in self.in_reply_to)


def synthetic_message_id(raw: bytes) -> str:
    """A stable id for mail without a Message-ID, so that redelivery is still recognised."""
    return f"<sha256-{hashlib.sha256(raw).hexdigest()[:40]}@mailin.invalid>"


def _msgids(value: str) -> tuple[str, ...]:
    return tuple(MSGID_RE.findall(value or ""))


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001 - a header the parser chokes on: keep its raw text
        value = next((raw for key, raw in msg.raw_items() if key.lower() == name.lower()), "")
    return clean_text(str(value or "")).strip()


def _all(msg: EmailMessage, name: str) -> list[str]:
    try:
        return [str(value) for value in msg.get_all(name, failobj=[])]
    except Exception:  # noqa: BLE001 - see _header
        return [raw for key, raw in msg.raw_items() if key.lower() == name]


def _clean_header(value: str) -> str:
    return clean_text(value).strip()


def clean_text(text: str) -> str:
    return text.replace("\x00", "").replace("\ufffd", "")


def decode_bytes(data: bytes, charset: str | None) -> str:
    candidates = [charset] if charset else []
    if charset and charset.lower().replace("_", "-") in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}:
        candidates = ["windows-1252"]  # the superset mailers really mean
    for name in [*candidates, "utf-8", "windows-1252"]:
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def _part_text(part: EmailMessage) -> str:
    payload = part.get_payload(decode=True) or b""
    return clean_text(decode_bytes(payload, part.get_content_charset()))


def _filename(part: EmailMessage) -> str:
    try:
        name = part.get_filename() or ""
    except (ValueError, IndexError, TypeError):
        name = ""
    name = clean_text(str(name)).replace("/", "_").replace("\\", "_").strip()
    if not name and part.get_content_type() == "message/rfc822":
        name = "forwarded-message.eml"
    return name


def _leaves(part: EmailMessage) -> list[EmailMessage]:
    """The non-multipart parts, without descending into attached messages (they stay attachments)."""
    if part.is_multipart() and part.get_content_type() != "message/rfc822":
        return [leaf for sub in part.get_payload() for leaf in _leaves(sub)]
    return [part]


def _walk(msg: EmailMessage) -> tuple[list[str], list[str], list[ParsedAttachment]]:
    texts: list[str] = []
    htmls: list[str] = []
    attachments: list[ParsedAttachment] = []
    for part in _leaves(msg):
        ctype = part.get_content_type()
        name = _filename(part)
        disposition = (part.get_content_disposition() or "").lower()
        if ctype == "message/rfc822":
            inner = part.get_payload()
            data = inner[0].as_bytes() if isinstance(inner, list) and inner else part.as_bytes()
            attachments.append(ParsedAttachment(name, ctype, data))
            continue
        if name or disposition == "attachment":
            data = part.get_payload(decode=True) or b""
            attachments.append(ParsedAttachment(name or "attachment.bin", ctype, data))
        elif ctype == "text/plain":
            texts.append(_part_text(part))
        elif ctype == "text/html":
            htmls.append(_part_text(part))
    return texts, htmls, attachments


def parse(raw: bytes) -> ParsedMail:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    headers = {key.lower(): _header(msg, key) for key in set(msg.keys())}
    message_ids = _msgids(headers.get("message-id", ""))
    name, address = parseaddr(headers.get("from", ""))
    recipient_headers = [_clean_header(value) for key in ("to", "cc", "delivered-to", "x-original-to", "envelope-to")
                         for value in _all(msg, key)]
    recipients = [addr for _, addr in getaddresses(recipient_headers) if addr]
    texts, htmls, attachments = _walk(msg)
    texts = [t for t in texts if t.strip()]
    text = "\n\n".join(texts) if texts else "\n\n".join(html_to_text(h) for h in htmls)
    return ParsedMail(
        message_id=message_ids[0] if message_ids else synthetic_message_id(raw),
        from_address=address.strip().lower(),
        from_name=name.strip(),
        recipients=tuple(dict.fromkeys(r.strip().lower() for r in recipients)),
        subject=" ".join(headers.get("subject", "").split()),
        in_reply_to=_msgids(headers.get("in-reply-to", "")),
        references=_msgids(headers.get("references", "")),
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        headers=headers,
        content_type=msg.get_content_type(),
        attachments=tuple(attachments),
    )
