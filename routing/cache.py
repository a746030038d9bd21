"""A per-process cache of configuration (rules, SLA policies, calendars, webhook subscriptions,
queues' assignment modes, agents' shifts).

Workers read it for every ticket; it changes rarely, in admin. Entries live ROUTING_CACHE_SECONDS (default 5), and a
save or delete of any of these models in this process clears the cache at once (other processes
see the change within that time)."""

import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
DEFAULT_TTL = 5.0


def _ttl() -> float:
    from django.conf import settings

    return float(getattr(settings, "ROUTING_CACHE_SECONDS", DEFAULT_TTL))
_entries: dict[str, tuple[float, Any]] = {}


def cached(key: str, load: Callable[[], T]) -> T:
    now = time.monotonic()
    hit = _entries.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = load()
    _entries[key] = (now + _ttl(), value)
    return value


def clear(**kwargs: object) -> None:
    _entries.clear()


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from tickets.models import Queue
    from webhooks.models import Webhook

    from .models import (
        AgentProfile,
        BusinessCalendar,
        BusinessHours,
        Holiday,
        QueueRouting,
        RoutingRule,
        Shift,
        SlaPolicy,
    )

    for model in (RoutingRule, SlaPolicy, BusinessCalendar, BusinessHours, Holiday, Webhook, Queue, QueueRouting,
                  AgentProfile, Shift):
        post_save.connect(clear, sender=model, dispatch_uid=f"routing-cache-{model.__name__}")
        post_delete.connect(clear, sender=model, dispatch_uid=f"routing-cache-del-{model.__name__}")
