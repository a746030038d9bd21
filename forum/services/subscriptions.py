from typing import Any

from ..access import require_reader
from ..models import Category, Subscription, Thread


def subscribe(
    *,
    actor: Any,
    thread: Thread | None = None,
    category: Category | None = None,
    channel: str = Subscription.Channel.IN_APP,
) -> Subscription:
    require_reader(actor)
    if channel not in Subscription.Channel.values:
        channel = Subscription.Channel.IN_APP
    target = {"thread": thread} if thread is not None else {"category": category}
    subscription, _ = Subscription.objects.update_or_create(user=actor, **target, defaults={"channel": channel})
    return subscription


def unsubscribe(*, actor: Any, thread: Thread | None = None, category: Category | None = None) -> bool:
    target = {"thread": thread} if thread is not None else {"category": category}
    deleted, _ = Subscription.objects.filter(user=actor, **target).delete()
    return bool(deleted)
