"""The agent's one submit: a reply or note (with files) and ticket changes, all or nothing.

Composes tickets.services in one transaction, so a refused status change also drops the reply and
its files, and a reply that collides with a newer message is stopped before anything is written.
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import User
from core.errors import Conflict
from tickets import services
from tickets.models import Message, Ticket

CHANGEABLE = ("priority", "queue", "assignee", "tags")


class StaleReply(Conflict):
    """Someone wrote on the ticket after the agent loaded it; the agent should read it first."""

    code = "stale_reply"

    def __init__(self, newer: list[Message]) -> None:
        super().__init__(f"{len(newer)} new message(s) arrived while you were writing.")
        self.newer = newer


def _changed(ticket: Ticket, changes: dict[str, Any]) -> dict[str, Any]:
    current = {"priority": ticket.priority, "queue": ticket.queue, "assignee": ticket.assignee,
               "tags": sorted(ticket.tags.values_list("name", flat=True))}
    return {name: value for name, value in changes.items() if name in CHANGEABLE and value != current[name]}


@transaction.atomic
def ticket_respond(*, actor: User, ticket: Ticket, body: str = "", internal: bool = False,
                   uploads: Sequence[UploadedFile] = (), status: str = "", changes: dict[str, Any] | None = None,
                   seen_message_id: int | None = None, confirm_stale: bool = False) -> Message | None:
    """Apply `changes` (priority, queue, assignee, tags), add the message, then set `status`.

    An empty `status` with a public reply lets message_create pick the usual next status (pending
    merchant). A public reply is refused with StaleReply when a message newer than
    `seen_message_id` exists, unless `confirm_stale`."""
    body = body.strip()
    # Lock first: a merchant reply landing between the check and the write would slip through.
    locked = Ticket.objects.select_for_update(of=("self",)).select_related("queue", "assignee").get(pk=ticket.pk)
    if body and not internal and seen_message_id is not None and not confirm_stale:
        newer = list(locked.messages.filter(pk__gt=seen_message_id).select_related("author")
                     .prefetch_related("attachments"))
        if newer:
            raise StaleReply(newer)
    diff = _changed(locked, changes or {})
    status_change = bool(status) and status != locked.status
    if not body and not uploads and not diff and not status_change:
        raise ValidationError({"body": "Write a reply or a note, or change the ticket."})
    if not body and uploads:
        raise ValidationError({"body": "Say a word about the files you attach."})
    if diff:
        locked = services.ticket_update(actor=actor, ticket=locked, **diff)
    message = None
    if body:
        message = services.message_create(actor=actor, ticket=locked, body=body, internal=internal,
                                          uploads=uploads, status=status or None)
    elif status_change:
        services.ticket_update(actor=actor, ticket=locked, status=status)
    ticket.refresh_from_db()
    return message
