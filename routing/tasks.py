"""Thin tasks: ids in, a service call, safe to run twice."""

import logging

from celery import shared_task
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, InterfaceError, OperationalError

from core import outbox

from . import autoclose, cache, escalation, recovery, route, sla

logger = logging.getLogger(__name__)

# soft_time_limit below time_limit on every task: the global soft limit (240 s) above a task's hard limit
# makes Celery refuse to retry it ("soft_time_limit must be less than or equal to time_limit").
MAX_SCAN_PASSES = 20
RETRY = {"autoretry_for": (OperationalError, InterfaceError, OSError), "retry_backoff": True,
         "retry_backoff_max": 60, "retry_kwargs": {"max_retries": 10}, "acks_late": True}


# Configuration changed under the per-process cache (a queue, rule, team, SLA policy or calendar
# deleted in admin): the routing transaction fails on a foreign key (IntegrityError, at the latest
# on commit) or a lookup (DoesNotExist). It rolled back whole, so the task clears the cache and runs
# again; a second delivery of a routed ticket is a no-op, so retrying is always safe.
STALE_CONFIG_RETRIES = 5


@shared_task(name="routing.route_ticket", bind=True, time_limit=60, soft_time_limit=55, **RETRY)
def route_ticket(self, ticket_id: int) -> bool:  # noqa: ANN001 - a bound Celery task
    try:
        if route.ticket_route(ticket_id=ticket_id) is not None:
            return True
        # Routed already: a duplicate, or a redelivery after this worker died while sending the
        # routed ticket's e-mails in-process (outbox.enqueue_here): send what is left at once.
        outbox.dispatch_pending(task_name="tickets.notify_routed", ticket_id=ticket_id)
        return False
    except (IntegrityError, ObjectDoesNotExist) as exc:
        cache.clear()
        logger.warning("Routing ticket %s hit changed configuration (%s); retrying with fresh data", ticket_id, exc)
        raise self.retry(exc=exc, countdown=min(2 ** self.request.retries, 30),
                         max_retries=STALE_CONFIG_RETRIES) from exc


@shared_task(name="routing.escalation_scan", time_limit=55, soft_time_limit=50, **RETRY)
def escalation_scan() -> dict:
    warned = escalated = 0
    for _ in range(MAX_SCAN_PASSES):  # a backlog drains in bounded passes, each its own transaction
        result = escalation.escalation_scan()
        warned, escalated = warned + len(result.warned), escalated + len(result.escalated)
        if not result.saturated:
            break
    return {"warned": warned, "escalated": escalated}


@shared_task(name="routing.replan_sla", time_limit=300, soft_time_limit=295, **RETRY)
def replan_sla(ticket_ids: list) -> int:
    """The clocks of tickets whose priority an escalation raised, each in its own transaction."""
    return sum(sla.sla_replan(ticket_id=ticket_id) is not None for ticket_id in ticket_ids)


@shared_task(name="routing.notify_sla", time_limit=300, soft_time_limit=295, **RETRY)
def notify_sla(kind: str, items: list) -> int:
    from tickets.notifications import sla_notify

    return sum(sla_notify(ticket_id=t, kind=kind, clock=clock, due_at=due) for t, clock, due in items)


@shared_task(name="routing.auto_close", time_limit=120, soft_time_limit=115, **RETRY)
def auto_close() -> int:
    return autoclose.tickets_auto_close()


@shared_task(name="routing.assign_waiting", time_limit=120, soft_time_limit=115, **RETRY)
def assign_waiting() -> int:
    return route.ticket_assign_waiting()


@shared_task(name="routing.reroute_unrouted", time_limit=120, soft_time_limit=115, **RETRY)
def reroute_unrouted() -> int:
    """Routing again for tickets whose route task gave up (see recovery.py)."""
    return recovery.tickets_reroute()
