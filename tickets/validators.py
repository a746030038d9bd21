"""Checks on what users send: text that is clean Unicode, attachments of allowed size and type."""

import hashlib
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

ALLOWED_EXTENSIONS = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".pdf": "application/pdf", ".txt": "text/plain", ".log": "text/plain",
    ".csv": "text/csv", ".json": "application/json", ".xml": "application/xml", ".md": "text/markdown",
    ".zip": "application/zip", ".eml": "message/rfc822", ".html": "text/plain", ".htm": "text/plain",
    ".css": "text/plain", ".js": "text/plain", ".tpl": "text/plain", ".php": "text/plain",
}
# Leading bytes that must match the claimed extension; text types must not look binary.
MAGIC = {
    ".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",), ".pdf": (b"%PDF",), ".zip": (b"PK\x03\x04", b"PK\x05\x06"),
}
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")


def validate_text(value: str, *, field: str, max_chars: int | None = None, required: bool = True) -> str:
    """Refuse NUL bytes and undecodable bytes (replaced by U+FFFD when the request was decoded)."""
    if "\x00" in value or "\ufffd" in value:
        raise ValidationError({field: "The text contains invalid characters (it is not valid UTF-8)."})
    stripped = value.strip()
    if required and not stripped:
        raise ValidationError({field: "This field may not be blank."})
    limit = max_chars or settings.TICKET_BODY_MAX_CHARS
    if len(stripped) > limit:
        raise ValidationError({field: f"At most {limit:,} characters are allowed ({len(stripped):,} sent)."})
    return stripped


def validate_attachment(upload: UploadedFile) -> tuple[str, str]:
    """Return (content type, sha256) of an acceptable upload or raise a ValidationError."""
    name = os.path.basename(upload.name or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_EXTENSIONS:
        allowed = ", ".join(sorted(e.lstrip(".") for e in ALLOWED_EXTENSIONS))
        raise ValidationError({"attachments": f"“{name}”: files of this type are not accepted (allowed: {allowed})."})
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        limit_mb = settings.ATTACHMENT_MAX_BYTES / (1024 * 1024)
        raise ValidationError({"attachments": f"“{name}” is larger than {limit_mb:.0f} MB."})
    if upload.size == 0:
        raise ValidationError({"attachments": f"“{name}” is empty."})
    upload.seek(0)
    head = upload.read(16)
    if head.startswith(EXECUTABLE_MAGIC) and ext not in {".txt", ".log", ".php", ".js", ".csv", ".md"}:
        raise ValidationError({"attachments": f"“{name}” looks like a program and is not accepted."})
    if head.startswith((b"MZ", b"\x7fELF")):
        raise ValidationError({"attachments": f"“{name}” looks like a program and is not accepted."})
    if ext in MAGIC and not head.startswith(MAGIC[ext]):
        raise ValidationError({"attachments": f"“{name}” is not really a {ext.lstrip('.').upper()} file."})
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return ALLOWED_EXTENSIONS[ext], digest.hexdigest()
