"""Polite automatic answers (unknown sender, licence needed), rate-limited so they cannot loop:
at most one per sender and kind within MAILIN_AUTO_REPLY_INTERVAL, and at most
MAILIN_AUTO_REPLY_MAX_PER_HOUR in all. Never to mail that is itself automatic (dropped before)."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import outbox
from core.emails import build_email

from .loops import own_address
from .models import AutoReply, InboundMessage
from .parsing import ParsedMail
from .selectors import support_addresses


def _interval() -> timedelta:
    return timedelta(seconds=getattr(settings, "MAILIN_AUTO_REPLY_INTERVAL", 24 * 3600))


def queue(*, inbound: InboundMessage, mail: ParsedMail, kind: str, extra: dict | None = None) -> AutoReply | None:
    recipient = mail.from_address.lower()
    if not recipient or own_address(recipient, support_addresses()):
        return None
    now = timezone.now()
    recent = AutoReply.objects.filter(created_at__gte=now - _interval())
    if recent.filter(recipient=recipient, kind=kind).exists():
        return None
    if recent.filter(created_at__gte=now - timedelta(hours=1)).count() >= getattr(
            settings, "MAILIN_AUTO_REPLY_MAX_PER_HOUR", 100):
        return None
    context = {"subject": mail.subject, "name": mail.from_name, "message_id": mail.message_id,
               "references": " ".join([*mail.references, mail.message_id])[-900:], **(extra or {})}
    # The key buckets by interval: two processes answering the same sender at once insert the same key.
    bucket = int(now.timestamp() // _interval().total_seconds())
    try:
        with transaction.atomic():
            row = AutoReply.objects.create(recipient=recipient, kind=kind, key=f"{kind}:{recipient}:{bucket}"[:420],
                                           inbound=inbound, context=context)
    except IntegrityError:
        return None
    outbox.enqueue("mailin.send_auto_reply", auto_reply_id=row.pk)
    return row


def send(*, auto_reply_id: int) -> bool:
    """Send one queued auto-reply; claimed with a conditional UPDATE, so it is sent at most once."""
    claimed = AutoReply.objects.filter(pk=auto_reply_id, sent_at__isnull=True).update(sent_at=timezone.now())
    if not claimed:
        return False
    row = AutoReply.objects.get(pk=auto_reply_id)
    headers = {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All", "X-IXXO-Mailin": "auto-reply",
               "Precedence": "auto_reply"}
    if row.context.get("message_id"):
        headers |= {"In-Reply-To": row.context["message_id"], "References": row.context["references"]}
    message = build_email(row.kind, to=[row.recipient], context=row.context, headers=headers)
    try:
        message.send()
    except Exception:
        AutoReply.objects.filter(pk=row.pk).update(sent_at=None)  # a retry may try again
        raise
    return True
