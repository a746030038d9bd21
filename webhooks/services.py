"""Emitting events (inside the writing transaction, via the outbox) and delivering them."""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from core.models import OutboxTask
from core.outbox import dispatch
from tickets.models import Ticket

from .models import Delivery, Webhook

MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 10


def ticket_payload(ticket: Ticket) -> dict:
    return {"id": ticket.pk, "reference": ticket.reference, "subject": ticket.subject, "status": ticket.status,
            "priority": ticket.priority, "queue": ticket.queue.slug if ticket.queue_id and ticket.queue else None,
            "assignee": ticket.assignee.username if ticket.assignee_id and ticket.assignee else None,
            "merchant_id": ticket.merchant_id, "scope_verdict": ticket.scope_verdict,
            "first_response_due_at": ticket.first_response_due_at, "resolution_due_at": ticket.resolution_due_at}


def _subscribers(event: str) -> list[Webhook]:
    from routing.cache import cached

    hooks = cached("webhooks", lambda: list(Webhook.objects.filter(is_active=True)))
    return [hook for hook in hooks if event in hook.events]


def _record(hooks: list[Webhook], event: str, payloads: Iterable[dict]) -> list[Delivery]:
    # The subscriber list is cached per process; a webhook deleted meanwhile must not make the
    # ticket's own transaction fail on the foreign key at commit.
    live = set(Webhook.objects.filter(pk__in=[h.pk for h in hooks], is_active=True).values_list("pk", flat=True))
    hooks = [hook for hook in hooks if hook.pk in live]
    now = timezone.now()
    rows = Delivery.objects.bulk_create([
        Delivery(webhook=hook, event=event, created_at=now,
                 payload=json.loads(json.dumps({"event": event, "sent_for": now, "data": data}, cls=DjangoJSONEncoder)))
        for data in payloads for hook in hooks])
    tasks = OutboxTask.objects.bulk_create([OutboxTask(task_name="webhooks.deliver", kwargs={"delivery_id": d.pk})
                                            for d in rows])
    for task in tasks:
        transaction.on_commit(lambda pk=task.pk: dispatch(pk))
    return rows


def emit(*, event: str, ticket: Ticket, **extra: object) -> list[Delivery]:
    hooks = _subscribers(event)
    return _record(hooks, event, [{"ticket": ticket_payload(ticket), **extra}]) if hooks else []


def emit_many(*, event: str, ticket_ids: list[int]) -> list[Delivery]:
    hooks = _subscribers(event)
    if not hooks:
        return []
    tickets = Ticket.objects.filter(pk__in=ticket_ids).select_related("queue", "assignee")
    return _record(hooks, event, [{"ticket": ticket_payload(t)} for t in tickets])


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def _post(delivery: Delivery) -> tuple[int | None, str, str]:
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    stamp = int(time.time())
    if not delivery.webhook.url.startswith(("https://", "http://")):
        return None, "", "Only http and https URLs are called."
    request = urllib.request.Request(delivery.webhook.url, data=body, method="POST", headers={  # noqa: S310
        "Content-Type": "application/json", "User-Agent": "IXXO-Webhooks/1",
        "X-IXXO-Event": delivery.event, "X-IXXO-Delivery": str(delivery.pk),
        "X-IXXO-Signature": sign(delivery.webhook.secret, stamp, body)})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - admin's URL
            return response.status, response.read(2000).decode(errors="replace"), ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(2000).decode(errors="replace"), f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        return None, "", str(exc)[:2000]


def delivery_attempt(*, delivery_id: int) -> str:
    """Try once; returns the delivery's status afterwards, or "skipped" when another worker holds it
    or it is finished. The row stays locked during the request so two workers never send it at once;
    receivers can deduplicate on X-IXXO-Delivery should a worker die after sending."""
    with transaction.atomic():
        delivery = (Delivery.objects.select_for_update(skip_locked=True, of=("self",)).select_related("webhook")
                    .filter(pk=delivery_id, status=Delivery.Status.PENDING).first())
        if delivery is None:
            return "skipped"
        code, body, error = _post(delivery)
        delivery.attempts += 1
        delivery.response_status, delivery.response_body, delivery.error = code, body, error
        if code is not None and 200 <= code < 300:
            delivery.status, delivery.delivered_at, delivery.error = Delivery.Status.SUCCEEDED, timezone.now(), ""
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = Delivery.Status.FAILED
        delivery.save()
        return delivery.status
