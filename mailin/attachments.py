"""Attachments of a mail through the tickets' own checks. A refused file never loses the mail:
it is left out, and the reply says which file was refused and why."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from accounts.models import User
from tickets.models import Ticket
from tickets.services import attachment_add
from tickets.validators import validate_attachment

from .parsing import ParsedAttachment

EMPTY_BODY = "(This e-mail has no text.)"
EMPTY_BODY_WITH_FILES = "(This e-mail has no text; see the attached files.)"


@dataclass
class Intake:
    accepted: list[UploadedFile] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def first(self) -> list[UploadedFile]:
        """What goes with the ticket or reply itself (the services take a few files at once)."""
        return self.accepted[:settings.ATTACHMENT_MAX_PER_UPLOAD]

    def add_rest(self, *, actor: User, ticket: Ticket) -> None:
        step = settings.ATTACHMENT_MAX_PER_UPLOAD
        for start in range(step, len(self.accepted), step):
            attachment_add(actor=actor, ticket=ticket, uploads=self.accepted[start:start + step])

    @property
    def note(self) -> str:
        return "\n".join(self.refused)

    def body(self, text: str) -> str:
        text = text.strip() or (EMPTY_BODY_WITH_FILES if self.accepted or self.refused else EMPTY_BODY)
        if self.refused:
            text += "\n\n" + "\n".join(f"[{line}]" for line in self.refused)
        limit = settings.TICKET_BODY_MAX_CHARS
        if len(text) > limit:
            marker = "\n\n[The e-mail was longer; the full text is kept with the original message.]"
            text = text[:limit - len(marker)] + marker
        return text


def take_attachments(parts: Sequence[ParsedAttachment]) -> Intake:
    intake = Intake()
    for part in parts:
        upload = SimpleUploadedFile(part.filename[:255], part.data, content_type=part.content_type)
        try:
            validate_attachment(upload)
        except ValidationError as exc:
            intake.refused.append(f"Attachment not accepted: {' '.join(exc.messages)}")
            continue
        intake.accepted.append(upload)
    return intake
