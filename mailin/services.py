"""Inbound mail: store it raw (deduplicated), then turn it into a ticket, a reply or a logged drop.

Storing and processing are two steps. Storing is what an MTA pipe, a Maildir import or an IMAP
poll must get done before they acknowledge the mail; processing runs in a Celery task (through
the outbox, so a stored mail is processed even if the broker was down) and is safe to run twice:
the row is locked and only a row still "received" is processed.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone

from accounts.models import User
from core import outbox
from tickets.models import Message, Ticket
from tickets.services import LicenceInactive, message_create, ticket_create

from . import autoreply
from .attachments import take_attachments
from .loops import why_drop
from .models import InboundMessage
from .parsing import ParsedMail, parse, synthetic_message_id
from .quotes import strip_new_message, strip_reply
from .selectors import author_for, requester_for, senders_for, support_addresses
from .threads import SUBJECT_RE, tickets_for

logger = logging.getLogger(__name__)
Status = InboundMessage.Status
SUBJECT_MAX_CHARS = 200
STALE_AFTER = timedelta(minutes=5)
TRANSIENT = (OperationalError, InterfaceError, OSError)


@dataclass(frozen=True)
class Stored:
    inbound: InboundMessage
    new: bool  # False: this source_ref was stored before, or the Message-ID is a duplicate


def _headline(raw: bytes) -> tuple[str, str, str]:
    try:
        mail = parse(raw)
    except Exception:  # noqa: BLE001 - unparseable mail is still stored; processing will fail it visibly
        return synthetic_message_id(raw), "", ""
    return mail.message_id, mail.from_address, mail.subject


def inbound_store(*, raw: bytes, source: str, source_ref: str | None = None) -> Stored:
    """Store one received mail and queue its processing. Safe to call twice with the same mail."""
    if source_ref and (seen := InboundMessage.objects.filter(source_ref=source_ref).first()):
        return Stored(seen, new=False)
    message_id, sender, subject = _headline(raw)
    fields = {"source": source, "source_ref": source_ref, "raw": raw, "message_id": message_id[:998],
              "sender": sender[:320], "subject": subject[:998]}
    with transaction.atomic():
        try:
            # A concurrent insert of the same Message-ID or source_ref waits here for the other
            # transaction and fails once it commits: of two deliveries exactly one goes on.
            with transaction.atomic():
                row = InboundMessage.objects.create(**fields)
        except IntegrityError:
            if source_ref and (seen := InboundMessage.objects.filter(source_ref=source_ref).first()):
                return Stored(seen, new=False)
            original = InboundMessage.objects.filter(message_id=fields["message_id"]).exclude(
                status=Status.DROPPED_DUPLICATE).first()
            row = InboundMessage.objects.create(
                **fields, status=Status.DROPPED_DUPLICATE, duplicate_of=original, processed_at=timezone.now(),
                note=f"Same Message-ID as inbound message {original.pk if original else '?'}.")
            logger.info("Inbound mail %s dropped: duplicate of %s", message_id, original and original.pk)
            return Stored(row, new=False)
        outbox.enqueue("mailin.process_inbound", inbound_id=row.pk)
    return Stored(row, new=True)


def _finish(row: InboundMessage, status: str, note: str = "", **links: object) -> InboundMessage:
    row.status = status
    row.note = note
    row.processed_at = timezone.now()
    for name, value in links.items():
        setattr(row, name, value)
    row.save()
    log = logger.info if status in (Status.TICKET_CREATED, Status.REPLY_ADDED) else logger.warning
    log("Inbound mail %s (%s from %s): %s %s", row.pk, row.message_id, row.sender, status, note)
    return row


def _new_subject(mail: ParsedMail) -> str:
    subject = " ".join(SUBJECT_RE.sub(" ", mail.subject).split())
    return subject[:SUBJECT_MAX_CHARS].strip() or "(no subject)"


def _reply(row: InboundMessage, mail: ParsedMail, ticket: Ticket, author: User) -> InboundMessage:
    if Message.objects.filter(email_message_id=mail.message_id[:255]).exists():
        return _finish(row, Status.DROPPED_DUPLICATE, "A reply with this Message-ID is already on the ticket.",
                       ticket=ticket)
    intake = take_attachments(mail.attachments)
    body = intake.body(strip_reply(mail.text))
    message = message_create(actor=author, ticket=ticket, body=body, uploads=intake.first, channel="email")
    # Set here rather than through message_create: tickets.services needs no e-mail knowledge.
    Message.objects.filter(pk=message.pk).update(email_message_id=mail.message_id[:255])
    intake.add_rest(actor=author, ticket=ticket)
    return _finish(row, Status.REPLY_ADDED, intake.note, ticket=ticket, reply=message)


def _create(row: InboundMessage, mail: ParsedMail, requester: User) -> InboundMessage:
    intake = take_attachments(mail.attachments)
    body = intake.body(strip_new_message(mail.text))
    ticket = ticket_create(actor=requester, subject=_new_subject(mail), body=body, channel="email",
                           uploads=intake.first)
    intake.add_rest(actor=requester, ticket=ticket)
    return _finish(row, Status.TICKET_CREATED, intake.note, ticket=ticket)


def _route(row: InboundMessage, mail: ParsedMail) -> InboundMessage:
    drop = why_drop(mail, own=support_addresses())
    if drop:
        return _finish(row, drop.status, drop.reason)
    senders = senders_for(mail.from_address)
    for ticket in tickets_for(mail):
        author = author_for(ticket, senders)
        if author is not None:  # replies thread in whatever the licence: only new tickets need one
            return _reply(row, mail, ticket, author)
    requester = requester_for(senders)
    if requester is None:
        if senders:
            return _finish(row, Status.DROPPED_UNKNOWN_SENDER, "Staff cannot open tickets by e-mail.")
        autoreply.queue(inbound=row, mail=mail, kind="auto-reply-unknown-sender")
        return _finish(row, Status.DROPPED_UNKNOWN_SENDER, f"{mail.from_address} belongs to no merchant.")
    assert requester.merchant is not None
    if not requester.merchant.has_active_licence:
        autoreply.queue(inbound=row, mail=mail, kind="auto-reply-licence-required",
                        extra={"merchant": requester.merchant.name})
        return _finish(row, Status.LICENCE_REFUSED, f"{requester.merchant} has no active licence.")
    try:
        with transaction.atomic():
            return _create(row, mail, requester)
    except LicenceInactive as exc:  # the licence lapsed between the check and the write
        autoreply.queue(inbound=row, mail=mail, kind="auto-reply-licence-required",
                        extra={"merchant": requester.merchant.name})
        return _finish(row, Status.LICENCE_REFUSED, exc.message)


def inbound_process(*, inbound_id: int) -> InboundMessage | None:
    """Process one stored mail. Safe to run twice: a locked or already processed row is left alone."""
    try:
        with transaction.atomic():
            # FOR NO KEY UPDATE: skips a row another worker is processing, but not one that is merely
            # referenced at this moment (a duplicate's duplicate_of takes a KEY SHARE lock on it).
            row = InboundMessage.objects.select_for_update(skip_locked=True, no_key=True).filter(
                pk=inbound_id, status=Status.RECEIVED).first()
            if row is None:
                return None
            row.attempts += 1
            return _route(row, parse(bytes(row.raw)))
    except TRANSIENT:
        raise  # the database or the disk is away: the task retries, the row stays "received"
    except Exception as exc:  # noqa: BLE001 - a mail we cannot turn into a ticket is kept and marked failed
        logger.exception("Inbound mail %s failed", inbound_id)
        detail = "; ".join(exc.messages) if isinstance(exc, ValidationError) else f"{type(exc).__name__}: {exc}"
        InboundMessage.objects.filter(pk=inbound_id, status=Status.RECEIVED).update(
            status=Status.FAILED, note=detail[:4000], processed_at=timezone.now())
        return InboundMessage.objects.filter(pk=inbound_id).first()


def process_stale(*, older_than: timedelta = STALE_AFTER, limit: int = 100) -> int:
    """Process mail stored but never processed (its task was lost); returns how many were done."""
    cutoff = timezone.now() - older_than
    pending = InboundMessage.objects.filter(status=Status.RECEIVED, received_at__lt=cutoff).order_by("id")
    return sum(inbound_process(inbound_id=pk) is not None for pk in pending.values_list("id", flat=True)[:limit])


REPROCESSABLE = (Status.FAILED, Status.DROPPED_UNKNOWN_SENDER, Status.LICENCE_REFUSED, Status.DROPPED_LOOP,
                 Status.DROPPED_AUTO_REPLY, Status.DROPPED_BOUNCE, Status.RECEIVED)


def inbound_reprocess(*, inbound: InboundMessage) -> InboundMessage | None:
    """Run a stored mail through again (after adding the sender as a user, renewing a licence...).
    Mail that already made a ticket or reply, and duplicates, are never reprocessed."""
    reset = InboundMessage.objects.filter(pk=inbound.pk, status__in=REPROCESSABLE, ticket__isnull=True).update(
        status=Status.RECEIVED, processed_at=None)
    return inbound_process(inbound_id=inbound.pk) if reset else None
