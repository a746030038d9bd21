"""New threads and replies: access, limits, the automatic checks, then one transaction."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import outbox
from core.errors import DomainError
from core.rendering import render_markdown

from ..access import is_moderator, is_staff_member, require_poster
from ..models import Category, Flag, Post, Subscription, Thread
from ..moderation import runtime
from ..moderation.checks import BLOCK, HOLD, CheckResult
from .counters import refresh_thread
from .limits import check_limits
from .log import log_action

TITLE_MAX_CHARS = 200


class PostBlocked(DomainError):
    status_code = 422
    code = "post_blocked"


class ThreadLocked(DomainError):
    status_code = 409
    code = "thread_locked"


def _clean(value: str, *, field: str, max_chars: int | None = None) -> str:
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise ValidationError({field: "This field is required."})
    if max_chars and len(value) > max_chars:
        raise ValidationError({field: f"At most {max_chars} characters."})
    return value


def _checked(actor: Any, title: str, body: str, *, new_thread: bool) -> CheckResult:
    check_limits(user=actor, body=body)
    if is_staff_member(actor):  # staff posts are not screened
        return CheckResult(labels=(), action="publish")
    result = runtime.check(title, body, new_thread=new_thread)
    if result.action == BLOCK:
        log_action(
            actor=None,
            action="auto_block",
            target_user=actor,
            reason="; ".join(result.reasons),
            title=title[:200],
            body=body[:2000],
        )
        raise PostBlocked(
            "This post cannot be published: it contains words or links that are not allowed in the "
            "forum (see the guidelines)."
        )
    return result


def add_post(*, thread: Thread, author: Any, body: str, result: CheckResult) -> Post:
    """Append a post; the thread row is locked so that two replies never get one position."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    thread.last_position += 1
    thread.save(update_fields=["last_position"])
    post = Post.objects.create(
        thread=thread,
        author=author,
        position=thread.last_position,
        body=body,
        body_html=render_markdown(body),
        status=Post.Status.HELD if result.action == HOLD else Post.Status.PUBLISHED,
        labels=list(result.labels),
        check_reasons=list(result.reasons),
        spam_score=result.spam_score,
        abuse_score=result.abuse_score,
        looks_like_bug_report="bug_report" in result.labels,
    )
    if post.status == Post.Status.HELD:
        log_action(actor=None, action="auto_hold", post=post, target_user=author, reason="; ".join(result.reasons))
    if result.flag:
        Flag.objects.create(
            post=post,
            flagger=None,
            reason=Flag.Reason.OTHER,
            weight=0.0,
            note="Automatic: " + "; ".join(result.reasons)[:480],
        )
    refresh_thread(thread)
    if post.status == Post.Status.PUBLISHED:
        outbox.enqueue("forum.notify_post", post_id=post.pk)
    return post


def thread_create(*, actor: Any, category: Category, title: str, body: str) -> Thread:
    require_poster(actor)
    if not category.is_active:
        raise ValidationError({"category": "This category is closed."})
    title = _clean(title, field="title", max_chars=TITLE_MAX_CHARS)
    body = _clean(body, field="body")
    result = _checked(actor, title, body, new_thread=True)
    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(category=category, title=title, author=actor, created_at=now, last_post_at=now)
        add_post(thread=thread, author=actor, body=body, result=result)
        Subscription.objects.get_or_create(user=actor, thread=thread)
    thread.refresh_from_db()
    return thread


def post_reply(*, actor: Any, thread: Thread, body: str) -> Post:
    require_poster(actor)
    if thread.is_locked and not is_moderator(actor):
        raise ThreadLocked("This thread is locked: it takes no new replies.")
    body = _clean(body, field="body")
    result = _checked(actor, thread.title, body, new_thread=False)
    with transaction.atomic():
        post = add_post(thread=thread, author=actor, body=body, result=result)
        Subscription.objects.get_or_create(user=actor, thread=thread)
    return post


def preview(body: str) -> str:
    return render_markdown(body or "")
