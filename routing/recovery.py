"""Tickets routing never reached: their route task exhausted its retries (the database away for
long, a bug since fixed) or its message was lost with the broker's data. A periodic sweep sends
routing again for tickets a few minutes old that are still open and have no routing decision.

Routing is idempotent (row lock, then "routed already?"), so a ticket routed meanwhile, or sent
twice, is routed once. The sweep is one query on the tickets and one INSERT into the outbox."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core import outbox
from tickets.models import Ticket

from .models import RoutingDecision

DEFAULT_AFTER_SECONDS = 300
# Tickets older than this are left alone: a failure is recovered within minutes, and tickets kept
# from before routing existed (imports, seeded data) are not routed all at once by surprise.
WINDOW = timedelta(days=7)


def unrouted_ids(*, older_than: timedelta, limit: int) -> list[int]:
    now = timezone.now()
    return list(Ticket.objects.filter(created_at__lt=now - older_than, created_at__gte=now - WINDOW,
                                      status__in=Ticket.OPEN_STATUSES)
                .exclude(Exists(RoutingDecision.objects.filter(ticket_id=OuterRef("pk"))))
                .order_by("id").values_list("id", flat=True)[:limit])


def tickets_reroute(*, older_than: timedelta | None = None, limit: int = 200) -> int:
    """Enqueue routing for open tickets older than `older_than` (ROUTING_SWEEP_AFTER_SECONDS, 5
    minutes by default: past the route task's first retries) and younger than a week, without a
    routing decision."""
    if older_than is None:
        older_than = timedelta(seconds=getattr(settings, "ROUTING_SWEEP_AFTER_SECONDS", DEFAULT_AFTER_SECONDS))
    ids = unrouted_ids(older_than=older_than, limit=limit)
    with transaction.atomic(), outbox.batched():
        for ticket_id in ids:
            outbox.enqueue("routing.route_ticket", ticket_id=ticket_id)
    return len(ids)
