"""A burst of tickets: every one routed, none twice; the queue latency is recorded.

300 by default to keep the suite fast; IXXO_BURST_TICKETS=5000 for the full burst of the issue (also
measured by bench/pipeline_latency.py --burst 5000, figures in docs/benchmarks.md)."""

import os
import statistics
import time

import pytest
from django.db import connection

from ixxo_support.celery import app
from routing.models import RoutingDecision
from tests.integration.conftest import wait_for
from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.redis
BURST = int(os.environ.get("IXXO_BURST_TICKETS", "300"))


def test_a_burst_of_tickets_is_routed_each_exactly_once(worker, cast, record_property):
    tickets = Ticket.objects.bulk_create([
        Ticket(merchant=cast.alpine, requester=cast.alice, subject=f"Burst {n}", body="How do I export orders?",
               scope_verdict="in_scope", scope_topics=["software_issue"] if n % 3 == 0 else ["functionality"])
        for n in range(BURST)])
    started = time.monotonic()
    with app.producer_or_acquire() as producer:
        for ticket in tickets:
            app.send_task("routing.route_ticket", kwargs={"ticket_id": ticket.pk}, producer=producer)
        for ticket in tickets[: BURST // 10]:  # a tenth delivered twice
            app.send_task("routing.route_ticket", kwargs={"ticket_id": ticket.pk}, producer=producer)
    wait_for(lambda: RoutingDecision.objects.count() >= BURST, timeout=600, every=0.5)
    elapsed = time.monotonic() - started
    wait_for(lambda: not worker.redis.llen("celery") and not worker.redis.hlen("unacked"), timeout=120)
    assert RoutingDecision.objects.count() == BURST
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tickets_ticket WHERE queue_id IS NULL")
        assert cursor.fetchone()[0] == 0
    assert TicketEvent.objects.filter(kind=TicketEvent.Kind.QUEUE).count() == BURST
    waits = sorted((d.routed_at - d.ticket.created_at).total_seconds()
                   for d in RoutingDecision.objects.select_related("ticket"))
    p95 = waits[int(len(waits) * 0.95)]
    record_property("burst_routed_per_second", round(BURST / elapsed))
    record_property("burst_queue_latency_p95_s", round(p95, 2))
    print(f"\nburst of {BURST}: {BURST / elapsed:.0f} tickets/s routed, queue latency "
          f"p50 {statistics.median(waits):.1f}s p95 {p95:.1f}s")
