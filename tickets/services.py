"""Every write to tickets goes through these functions: validated, atomic, audited.

Input is validated before anything is written, so a bad request leaves nothing behind;
attachment files written inside a transaction that then fails are deleted again.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from accounts.models import Merchant, User
from accounts.roles import is_support_staff
from core import outbox
from core.errors import DomainError
from core.rendering import render_markdown

from . import hooks
from .models import Attachment, Message, Queue, Tag, Ticket, TicketEvent
from .transitions import MERCHANT_TARGETS, can_transition
from .validators import validate_attachment, validate_text

SUBJECT_MAX_CHARS = 200
CheckedUpload = tuple[UploadedFile, str, str]


class LicenceInactive(DomainError):
    status_code = 403
    code = "licence_inactive"


_event_batch: ContextVar[list[TicketEvent] | None] = ContextVar("ticket_event_batch", default=None)


def record_event(*, ticket: Ticket, actor: User | None, kind: str, **data: Any) -> TicketEvent:
    event = TicketEvent(ticket=ticket, actor=actor, kind=kind, data=data)
    batch = _event_batch.get()
    if batch is None:
        event.save(force_insert=True)
    else:
        batch.append(event)  # written by events_batched() on its way out, in the same transaction
    return event


@contextmanager
def events_batched() -> Iterator[None]:
    """Collect the events recorded inside and write them with one INSERT at the end, inside the
    caller's transaction; nothing is written if the block fails. Used where one change records
    several events (a new ticket: created, verdict, priority). An event recorded inside a savepoint
    that rolls back while the block goes on would still be written: keep such code outside."""
    if _event_batch.get() is not None:
        yield
        return
    batch: list[TicketEvent] = []
    token = _event_batch.set(batch)
    try:
        yield
    finally:
        _event_batch.reset(token)
    TicketEvent.objects.bulk_create(batch)


def check_uploads(uploads: Sequence[UploadedFile]) -> list[CheckedUpload]:
    if len(uploads) > settings.ATTACHMENT_MAX_PER_UPLOAD:
        raise ValidationError({"attachments": f"At most {settings.ATTACHMENT_MAX_PER_UPLOAD} files at once."})
    return [(upload, *validate_attachment(upload)) for upload in uploads]


@contextmanager
def _files_removed_on_error() -> Iterator[list[FieldFile]]:
    saved: list[FieldFile] = []
    try:
        yield saved
    except BaseException:
        for field_file in saved:
            field_file.storage.delete(field_file.name)
        raise


def _store_attachments(*, ticket: Ticket, message: Message | None, actor: User,
                       checked: Sequence[CheckedUpload], saved: list[FieldFile]) -> list[Attachment]:
    stored = []
    for upload, content_type, sha256 in checked:
        attachment = Attachment(ticket=ticket, message=message, uploaded_by=actor, content_type=content_type,
                                original_name=upload.name[:255], size=upload.size, sha256=sha256)
        attachment.file.save(upload.name, upload, save=False)
        saved.append(attachment.file)
        attachment.save()
        record_event(ticket=ticket, actor=actor, kind=TicketEvent.Kind.ATTACHMENT,
                     name=attachment.original_name, attachment_id=attachment.pk)
        stored.append(attachment)
    return stored


def _clean_subject(subject: str) -> str:
    return validate_text(subject, field="subject", max_chars=SUBJECT_MAX_CHARS)


def _resolve_merchant(*, actor: User, merchant: Merchant | None) -> Merchant:
    if actor.merchant_id:
        if merchant is not None and merchant.pk != actor.merchant_id:
            raise PermissionDenied("Merchants open tickets for their own store only.")
        merchant = actor.merchant
        assert merchant is not None
        if not merchant.has_active_licence:
            raise LicenceInactive(
                "New tickets need an active IXXO licence. Your licence is "
                f"{merchant.get_licence_status_display().lower()}; please renew it to open new tickets."
            )
        return merchant
    if not is_support_staff(actor):
        raise PermissionDenied("Only merchants and support staff can open tickets.")
    if merchant is None:
        raise ValidationError({"merchant": "Choose the merchant this ticket is for."})
    return merchant


def ticket_create(*, actor: User, subject: str, body: str, channel: str = Ticket.Channel.WEB,
                  uploads: Sequence[UploadedFile] = (), merchant: Merchant | None = None,
                  requester: User | None = None, priority: int | None = None, triage: bool = True) -> Ticket:
    """Open a ticket. Merchants open their own; staff open one on a merchant's behalf (phone, chat).

    `triage=False` skips the scope check, for tickets the product opens itself (quote requests)."""
    merchant = _resolve_merchant(actor=actor, merchant=merchant)
    errors: dict[str, Any] = {}
    cleaned: dict[str, Any] = {}
    for field, check in (("subject", lambda: _clean_subject(subject)),
                         ("body", lambda: validate_text(body, field="body")),
                         ("attachments", lambda: check_uploads(uploads))):
        try:
            cleaned[field] = check()
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    if requester is None:
        requester = actor if actor.merchant_id else merchant.users.order_by("id").first()
    if requester is None or requester.merchant_id != merchant.pk:
        raise ValidationError({"requester": "The requester must be a user of the merchant."})
    if channel not in Ticket.Channel.values:
        raise ValidationError({"channel": f"Unknown channel {channel!r}."})
    if priority is not None and not is_support_staff(actor):
        priority = None

    now = timezone.now()
    with _files_removed_on_error() as saved, transaction.atomic(), events_batched(), outbox.batched():
        ticket = Ticket.objects.create(
            merchant=merchant, requester=requester, subject=cleaned["subject"],
            body=cleaned["body"], body_html=render_markdown(cleaned["body"]), channel=channel,
            priority=priority or Ticket.Priority.NORMAL, created_at=now, updated_at=now,
        )
        record_event(ticket=ticket, actor=actor, kind=TicketEvent.Kind.CREATED, channel=channel)
        _store_attachments(ticket=ticket, message=None, actor=actor, checked=cleaned["attachments"], saved=saved)
        hooks.ticket_created(ticket, triage=triage)
    return ticket


def ticket_set_status(*, actor: User, ticket: Ticket, status: str, by_reply: bool = False) -> bool:
    """Apply one transition of the table; returns whether anything changed.

    `by_reply`: the change comes with a staff reply, whose own e-mail already tells the merchant."""
    if status not in Ticket.Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    if actor.merchant_id and status not in MERCHANT_TARGETS:
        raise PermissionDenied("Merchants can close or reopen their tickets, nothing else.")
    if ticket.status == status:
        return False
    if not can_transition(ticket.status, status):
        raise ValidationError({"status": f"A ticket cannot go from {ticket.get_status_display()} "
                                         f"to {Ticket.Status(status).label}."})
    now = timezone.now()
    old = ticket.status
    ticket.status = status
    ticket.updated_at = now
    if status == Ticket.Status.RESOLVED:
        ticket.resolved_at = now
    elif status == Ticket.Status.CLOSED:
        ticket.closed_at = now
        ticket.resolved_at = ticket.resolved_at or now
    elif status == Ticket.Status.OPEN and old in (Ticket.Status.RESOLVED, Ticket.Status.CLOSED):
        ticket.resolved_at = ticket.closed_at = None
    ticket.save(update_fields=["status", "updated_at", "resolved_at", "closed_at"])
    record_event(ticket=ticket, actor=actor, kind=TicketEvent.Kind.STATUS, old=old, new=status)
    hooks.ticket_status_changed(ticket, old, by_reply=by_reply)
    return True


def _lock(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


@transaction.atomic
def ticket_change_status(*, actor: User, ticket: Ticket, status: str) -> Ticket:
    locked = _lock(ticket)
    ticket_set_status(actor=actor, ticket=locked, status=status)
    return locked


@transaction.atomic
def ticket_update(*, actor: User, ticket: Ticket, **changes: Any) -> Ticket:
    """Edit a ticket. Merchants may edit subject and body only; staff also status, priority,
    queue, assignee and tags. Every change is recorded as an event."""
    merchant_fields = {"subject", "body"}
    staff_fields = merchant_fields | {"status", "priority", "queue", "assignee", "tags"}
    allowed = staff_fields if is_support_staff(actor) else merchant_fields
    refused = set(changes) - allowed
    if refused:
        raise ValidationError({name: "You cannot change this field." for name in sorted(refused)})
    locked = _lock(ticket)
    edited: dict[str, Any] = {}
    priority_changed = False
    if "subject" in changes and changes["subject"] != locked.subject:
        locked.subject = _clean_subject(changes["subject"])
        edited["subject"] = locked.subject
    if "body" in changes and changes["body"] != locked.body:
        locked.body = validate_text(changes["body"], field="body")
        locked.body_html = render_markdown(locked.body)
        edited["body"] = True
    priority_changed = "priority" in changes and changes["priority"] != locked.priority
    if priority_changed:
        if changes["priority"] not in Ticket.Priority.values:
            raise ValidationError({"priority": "Unknown priority."})
        record_event(ticket=locked, actor=actor, kind=TicketEvent.Kind.PRIORITY, old=locked.priority,
                     new=changes["priority"])
        locked.priority = changes["priority"]
        priority_changed = True
    if "queue" in changes and changes["queue"] != locked.queue:
        queue: Queue | None = changes["queue"]
        record_event(ticket=locked, actor=actor, kind=TicketEvent.Kind.QUEUE, old=str(locked.queue or ""),
                     new=str(queue or ""))
        locked.queue = queue
    if "assignee" in changes and changes["assignee"] != locked.assignee:
        ticket_assign(actor=actor, ticket=locked, assignee=changes["assignee"], save=False)
    if edited:
        record_event(ticket=locked, actor=actor, kind=TicketEvent.Kind.FIELDS, **edited)
    locked.updated_at = timezone.now()
    locked.save()
    if priority_changed:
        hooks.ticket_priority_changed(locked)  # re-plans the SLA clocks
    if "tags" in changes:
        ticket_set_tags(actor=actor, ticket=locked, names=changes["tags"])
    if "status" in changes:
        ticket_set_status(actor=actor, ticket=locked, status=changes["status"])
    return locked


def ticket_assign(*, actor: User, ticket: Ticket, assignee: User | None, save: bool = True) -> None:
    if assignee is not None and not is_support_staff(assignee):
        raise ValidationError({"assignee": "Tickets can be assigned to support staff only."})
    record_event(ticket=ticket, actor=actor, kind=TicketEvent.Kind.ASSIGNEE,
                 old=ticket.assignee.username if ticket.assignee else None,
                 new=assignee.username if assignee else None)
    ticket.assignee = assignee
    if save:
        ticket.updated_at = timezone.now()
        ticket.save(update_fields=["assignee", "updated_at"])


def ticket_set_tags(*, actor: User, ticket: Ticket, names: Sequence[str]) -> None:
    wanted = sorted({name.strip().lower() for name in names if name.strip()})
    current = sorted(ticket.tags.values_list("name", flat=True))
    if wanted == current:
        return
    tags = [Tag.objects.get_or_create(name=name[:50])[0] for name in wanted]
    ticket.tags.set(tags)
    record_event(ticket=ticket, actor=actor, kind=TicketEvent.Kind.TAGS, old=current, new=wanted)


def _surviving(ticket: Ticket) -> Ticket:
    """The ticket a merged duplicate points at (merges are refused across merchants, so it is the same
    merchant's); the ticket itself otherwise. The depth limit only guards against a corrupted chain."""
    for _ in range(5):
        if not ticket.merged_into_id:
            break
        ticket = Ticket.objects.get(pk=ticket.merged_into_id)
    return ticket


def message_create(*, actor: User, ticket: Ticket, body: str, internal: bool = False,
                   uploads: Sequence[UploadedFile] = (), status: str | None = None,
                   channel: str = Ticket.Channel.WEB) -> Message:
    """Add a public reply or an internal note, optionally with attachments and a status change.

    A merchant's reply reopens a ticket that waited for them or was resolved; a staff reply
    records the first response and, unless told otherwise, puts the ticket to pending merchant.
    A reply to a duplicate that was merged goes to the ticket it was merged into.
    """
    staff = is_support_staff(actor)
    if internal and not staff:
        raise PermissionDenied("Only support staff can write internal notes.")
    if status and not staff:
        raise PermissionDenied("Merchants cannot set the status with a reply.")
    text = validate_text(body, field="body")
    checked = check_uploads(uploads)
    with _files_removed_on_error() as saved, transaction.atomic():
        locked = _lock(ticket)
        if locked.merged_into_id:
            locked = _lock(_surviving(locked))
        now = timezone.now()
        kind = Message.Kind.NOTE if internal else Message.Kind.REPLY
        message = Message.objects.create(ticket=locked, author=actor, kind=kind, body=text,
                                         body_html=render_markdown(text), channel=channel, created_at=now)
        record_event(ticket=locked, actor=actor, kind=TicketEvent.Kind(kind), message_id=message.pk)
        _store_attachments(ticket=locked, message=message, actor=actor, checked=checked, saved=saved)
        locked.updated_at = now
        if staff and not internal and locked.first_response_at is None:
            locked.first_response_at = now
        locked.save(update_fields=["updated_at", "first_response_at"])
        next_status = status
        if not staff and locked.status in (Ticket.Status.PENDING, Ticket.Status.RESOLVED, Ticket.Status.CLOSED):
            next_status = Ticket.Status.OPEN
        elif staff and not internal and not status and locked.status in (Ticket.Status.NEW, Ticket.Status.OPEN):
            next_status = Ticket.Status.PENDING
        if next_status:
            ticket_set_status(actor=actor, ticket=locked, status=next_status, by_reply=staff and not internal)
        hooks.message_created(message)
    ticket.refresh_from_db()
    return message


def attachment_add(*, actor: User, ticket: Ticket, uploads: Sequence[UploadedFile]) -> list[Attachment]:
    if not uploads:
        raise ValidationError({"attachments": "Choose at least one file."})
    checked = check_uploads(uploads)
    with _files_removed_on_error() as saved, transaction.atomic():
        locked = _lock(ticket)
        stored = _store_attachments(ticket=locked, message=None, actor=actor, checked=checked, saved=saved)
        locked.updated_at = timezone.now()
        locked.save(update_fields=["updated_at"])
    return stored
