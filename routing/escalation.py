"""The escalation scan, run every minute by beat: warn at the warning time, escalate at breach.

Set-based: each of the four checks is one UPDATE ... RETURNING over a partial index that holds
only the clocks still running and not yet warned/breached, so a run costs the same with 200,000
open tickets as with 200. The UPDATE is the claim: a concurrent scan skips locked rows and
re-checks `... IS NULL`, so each warning and each breach is handled once. Side effects (e-mails,
webhooks) go through the outbox in the same transaction.

Lock order: the claim locks the SLA row and the ticket row together with SKIP LOCKED, so the
scan never waits for a ticket that a routing task holds (and cannot deadlock with it).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Least
from django.utils import timezone

from core.models import OutboxTask
from core.outbox import dispatch
from tickets.models import Tag, Ticket, TicketEvent

from .models import Escalation, SlaPolicy

FR, RES = Escalation.Clock.FIRST_RESPONSE, Escalation.Clock.RESOLUTION
# (clock, time column, mark column, extra condition) -- the conditions repeat the partial indexes'.
CHECKS = {
    ("warn", FR): ("first_response_warn_at", "first_response_warned_at", "AND s.first_response_met_at IS NULL"),
    ("breach", FR): ("first_response_due_at", "first_response_breached_at", "AND s.first_response_met_at IS NULL"),
    ("warn", RES): ("resolution_warn_at", "resolution_warned_at", ""),
    ("breach", RES): ("resolution_due_at", "resolution_breached_at", ""),
}


@dataclass
class ScanResult:
    warned: list[tuple[int, str, datetime]] = field(default_factory=list)
    escalated: list[Escalation] = field(default_factory=list)
    saturated: bool = False  # a check hit the limit: run again for the rest


def _claim(kind: str, clock: str, now: datetime, limit: int) -> list[tuple[int, datetime, int | None]]:
    at, mark, extra = CHECKS[(kind, clock)]
    sql = f"""
        UPDATE routing_ticketsla AS u SET {mark} = %s
        WHERE u.ticket_id IN (
            SELECT s.ticket_id FROM routing_ticketsla s JOIN tickets_ticket t ON t.id = s.ticket_id
            WHERE s.{at} <= %s AND s.paused_at IS NULL AND s.{mark} IS NULL {extra}
            ORDER BY s.{at} LIMIT %s FOR UPDATE OF s, t SKIP LOCKED)
        RETURNING u.ticket_id, u.{at.replace('warn_at', 'due_at')}, u.policy_id"""  # noqa: S608 - fixed names
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, now, limit])
        return list(cursor.fetchall())


def _enqueue_batch(task_name: str, **kwargs: object) -> None:
    row = OutboxTask.objects.create(task_name=task_name, kwargs=kwargs)
    transaction.on_commit(lambda: dispatch(row.pk))


def _escalate(breached: list[tuple[str, int, datetime, int | None]], now: datetime) -> list[Escalation]:
    """Record one Escalation per breach and apply the policy's actions, a few statements per run."""
    policies = SlaPolicy.objects.in_bulk({p for *_, p in breached if p})
    priorities = dict(Ticket.objects.filter(pk__in=[t for _, t, *_ in breached]).values_list("id", "priority"))
    raise_ids: set[int] = set()
    moves: dict[int, set[int]] = defaultdict(set)
    tags: dict[str, set[int]] = defaultdict(set)
    rows, events = [], []
    for clock, ticket_id, due, policy_id in breached:
        policy = policies.get(policy_id)  # type: ignore[arg-type]
        actions: dict[str, object] = {}
        if policy and policy.breach_raise_priority and ticket_id not in raise_ids \
                and priorities[ticket_id] < Ticket.Priority.URGENT:
            raise_ids.add(ticket_id)
            actions["priority"] = [priorities[ticket_id], priorities[ticket_id] + 1]
        if policy and policy.breach_queue_id:
            moves[policy.breach_queue_id].add(ticket_id)
            actions["queue"] = policy.breach_queue_id
        if policy and policy.breach_tag:
            tags[policy.breach_tag].add(ticket_id)
            actions["tag"] = policy.breach_tag
        rows.append(Escalation(ticket_id=ticket_id, clock=clock, due_at=due, created_at=now, actions=actions))
        events.append(TicketEvent(ticket_id=ticket_id, kind=TicketEvent.Kind.SLA, created_at=now,
                                  data={"breach": clock, "due_at": due.isoformat(), **actions}))
    Escalation.objects.bulk_create(rows, ignore_conflicts=True)
    Ticket.objects.filter(pk__in=raise_ids).update(priority=Least(F("priority") + 1, Ticket.Priority.URGENT),
                                                   updated_at=now)
    if raise_ids:  # the new priority's targets, as for an agent's change; by the worker, so the scan stays short
        _enqueue_batch("routing.replan_sla", ticket_ids=sorted(raise_ids))
    for queue_id, ids in moves.items():
        Ticket.objects.filter(pk__in=ids).update(queue_id=queue_id, updated_at=now)
    through = Ticket.tags.through
    for name, ids in tags.items():
        tag, _ = Tag.objects.get_or_create(name=name)
        through.objects.bulk_create([through(ticket_id=i, tag_id=tag.pk) for i in ids], ignore_conflicts=True)
    TicketEvent.objects.bulk_create(events)
    return rows


@transaction.atomic
def escalation_scan(*, now: datetime | None = None, limit: int = 500) -> ScanResult:
    """One bounded pass (at most `limit` per check, so the transaction stays short); the task
    repeats it while a check was saturated."""
    now = now or timezone.now()
    result = ScanResult()
    claims = {(kind, clock): _claim(kind, clock, now, limit) for kind in ("warn", "breach") for clock in (FR, RES)}
    result.saturated = any(len(rows) >= limit for rows in claims.values())
    result.warned = [(t, clock, due) for clock in (FR, RES) for t, due, _ in claims[("warn", clock)]]
    breached = [(clock, t, due, p) for clock in (FR, RES) for t, due, p in claims[("breach", clock)]]
    if breached:
        result.escalated = _escalate(breached, now)
    warned = [[t, c, due.isoformat()] for t, c, due in result.warned]
    if warned:
        _enqueue_batch("routing.notify_sla", kind="sla-warning", items=warned)
    if breached:
        items = [[t, c, d.isoformat()] for c, t, d, _ in breached]
        _enqueue_batch("routing.notify_sla", kind="sla-breach", items=items)
        from webhooks.services import emit_many

        emit_many(event="ticket.sla_breached", ticket_ids=[t for _, t, *_ in breached])
    return result
