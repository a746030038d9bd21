"""Merging a duplicate into the ticket that survives.

The duplicate keeps existing (merchants may have its reference in an e-mail) but points at the
survivor, is closed, and hands over its messages and attachments; its own request text is kept on
the survivor as an internal note, so nothing the merchant wrote is lost. Both get a "merged" event.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import is_support_staff
from core.rendering import render_markdown

from .models import Attachment, Message, Ticket, TicketEvent
from .services import record_event, ticket_set_status


def _check(source: Ticket, target: Ticket) -> None:
    if source.pk == target.pk:
        raise ValidationError({"merge": "A ticket cannot be merged into itself."})
    # Otherwise one merchant's messages would appear on another merchant's ticket.
    if source.merchant_id != target.merchant_id:
        raise ValidationError({"merge": "Only tickets of the same merchant can be merged."})
    if source.merged_into_id:
        raise ValidationError({"merge": f"{source.reference} was already merged."})
    if target.merged_into_id:
        raise ValidationError({"merge": f"{target.reference} was merged into another ticket; merge into that one."})


@transaction.atomic
def ticket_merge(*, actor: User, source: Ticket, target: Ticket) -> Ticket:
    """Merge `source` into `target`; returns the survivor."""
    if not is_support_staff(actor):
        raise PermissionDenied("Only support staff can merge tickets.")
    # Lock both in id order, so two merges of the same pair cannot deadlock.
    locked = {t.pk: t for t in Ticket.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk")}
    source, target = locked[source.pk], locked[target.pk]
    _check(source, target)
    now = timezone.now()
    moved = Message.objects.filter(ticket=source).update(ticket=target)
    files = Attachment.objects.filter(ticket=source).update(ticket=target)
    text = f"Merged from {source.reference}: **{source.subject}**\n\n{source.body}"
    Message.objects.create(ticket=target, author=actor, kind=Message.Kind.NOTE, body=text,
                           body_html=render_markdown(text), created_at=now)
    record_event(ticket=target, actor=actor, kind=TicketEvent.Kind.MERGED, source=source.reference,
                 source_id=source.pk, messages=moved, attachments=files)
    record_event(ticket=source, actor=actor, kind=TicketEvent.Kind.MERGED, into=target.reference, into_id=target.pk)
    source.merged_into = target
    source.updated_at = now
    source.save(update_fields=["merged_into", "updated_at"])
    ticket_set_status(actor=actor, ticket=source, status=Ticket.Status.CLOSED)  # pauses its SLA clocks
    target.updated_at = now
    target.save(update_fields=["updated_at"])
    return target
