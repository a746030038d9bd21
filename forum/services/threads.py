"""A moderator's verbs on threads: lock, pin, move, merge. Each returns whether anything changed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ..access import require_moderator
from ..models import Category, Thread
from .counters import refresh_thread
from .log import log_action


def _set_flag(*, actor: Any, thread: Thread, field: str, value: bool, action: str) -> bool:
    require_moderator(actor)
    changed = Thread.objects.filter(pk=thread.pk).exclude(**{field: value}).update(**{field: value})
    if changed:
        setattr(thread, field, value)
        log_action(actor=actor, action=action if value else f"un{action}", thread=thread)
    return bool(changed)


def thread_lock(*, actor: Any, thread: Thread, locked: bool = True) -> bool:
    return _set_flag(actor=actor, thread=thread, field="is_locked", value=locked, action="lock")


def thread_pin(*, actor: Any, thread: Thread, pinned: bool = True) -> bool:
    return _set_flag(actor=actor, thread=thread, field="is_pinned", value=pinned, action="pin")


def thread_move(*, actor: Any, thread: Thread, category: Category) -> bool:
    require_moderator(actor)
    if thread.category_id == category.pk:
        return False
    old = thread.category_id
    Thread.objects.filter(pk=thread.pk).update(category=category)
    thread.category = category
    log_action(actor=actor, action="move", thread=thread, old_category=old, new_category=category.pk)
    return True


def thread_merge(*, actor: Any, source: Thread, target: Thread) -> bool:
    """Append the source's posts to the target (in their order); the source then points at the target."""
    require_moderator(actor)
    if source.pk == target.pk:
        raise ValidationError({"target": "A thread cannot be merged into itself."})
    if source.merged_into_id:
        return False
    with transaction.atomic():
        # Lock order by id, so two merges of the same pair in opposite directions cannot deadlock.
        locked = {
            t.pk: t for t in Thread.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("id")
        }
        source, target = locked[source.pk], locked[target.pk]
        posts = list(source.posts.order_by("position"))
        # New positions are all above the target's highest, so (thread, position) stays unique.
        for offset, post in enumerate(posts, start=1):
            type(post).objects.filter(pk=post.pk).update(thread=target, position=target.last_position + offset)
        target.last_position += len(posts)
        target.save(update_fields=["last_position"])
        source.merged_into = target
        source.is_locked = True
        source.save(update_fields=["merged_into", "is_locked"])
        refresh_thread(source)
        refresh_thread(target)
        log_action(actor=actor, action="merge", thread=target, source=source.pk, moved=len(posts))
    return True
