"""The Celery app for integration tests' workers: the product's app plus opt-in faults.

A test arms a fault by setting a Redis key; the worker consumes it (GETDEL), so the redelivered
task runs normally. While a fault sleeps, the worker's pid is in `ixxo:fault:pid:<name>` for the
test to kill it.
"""

import os
import time

import redis
from celery.signals import worker_process_init

from ixxo_support.celery import app

__all__ = ["app"]
SLEEP_SECONDS = 60


def _armed(name: str, seconds: float = SLEEP_SECONDS) -> bool:
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    if not client.getdel(f"ixxo:fault:{name}"):
        return False
    client.set(f"ixxo:fault:pid:{name}", os.getpid(), ex=120)
    time.sleep(seconds)  # the test kills us here, or cuts our database connection
    return True


STALE_ID = 10**9


def _cache_a_deleted_rule() -> None:
    """Leave this process's routing cache as another process's admin edit would: holding a rule
    (matching every ticket) and its queue that no longer exist in the database."""
    from routing import cache
    from routing.models import RoutingRule
    from tickets.models import Queue

    gone = Queue(pk=STALE_ID, slug="deleted-queue", name="Deleted queue")
    rule = RoutingRule(pk=STALE_ID, order=0, name="Deleted rule", set_queue=gone)
    cache._entries["rules"] = (time.monotonic() + 600, [rule])  # outlives ROUTING_CACHE_SECONDS=0


@worker_process_init.connect
def install_faults(**kwargs: object) -> None:
    from django.db import transaction

    from routing import route
    from tickets import notifications
    from tickets.models import Ticket

    original_route, original_build = route.ticket_route, notifications.build_email

    def ticket_route(*, ticket_id: int):  # noqa: ANN202
        if Ticket.objects.filter(pk=ticket_id).exists():  # holds a database connection during the pause
            _armed(f"route-pause:{ticket_id}", seconds=3)
        if _armed(f"route-stale-config:{ticket_id}", seconds=0):
            _cache_a_deleted_rule()
        with transaction.atomic():
            result = original_route(ticket_id=ticket_id)
            _armed(f"route-before-commit:{ticket_id}")
        _armed(f"route-after-commit:{ticket_id}")
        return result

    def build_email(name: str, **kwargs: object):  # noqa: ANN202
        _armed(f"mail:{kwargs['context']['ticket'].pk}:{name}")  # type: ignore[index]
        return original_build(name, **kwargs)

    route.ticket_route = ticket_route
    notifications.build_email = build_email
