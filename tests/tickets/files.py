"""Uploads for tests, and a look at what the attachment storage holds on disk."""

import os

from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

PNG_HEAD = b"\x89PNG\r\n\x1a\n"
MB = 1024 * 1024


def png(name: str = "screenshot.png", size: int = 200) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_HEAD + b"\0" * max(size - len(PNG_HEAD), 0), content_type="image/png")


def text_file(name: str = "error.log", content: bytes = b"Fatal error in checkout.php line 42\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/plain")


def exe(name: str = "setup.exe") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\0" * 200, content_type="application/octet-stream")


def huge_png(megabytes: int = 30) -> SimpleUploadedFile:
    return png("huge.png", megabytes * MB)


def stored_files() -> set[str]:
    """Every file under the attachments location from settings (a temp dir in the test settings)."""
    root = storages["attachments"].location
    return {os.path.join(folder, name) for folder, _, names in os.walk(root) for name in names}
