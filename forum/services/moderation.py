"""A moderator's decisions on one post: approve, hide, remove, restore, amend. The status changes
are a table; a change to the same status is a no-op, an illegal one raises."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import outbox
from core.errors import DomainError
from core.rendering import render_markdown

from ..access import require_moderator
from ..models import Post, PostRevision
from .counters import refresh_thread
from .log import log_action

S = Post.Status
# verb -> (statuses it applies to, the status it sets; None = the status before removal)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "approve": (frozenset({S.HELD, S.HIDDEN}), S.PUBLISHED),
    "hide": (frozenset({S.PUBLISHED, S.HELD}), S.HIDDEN),
    "remove": (frozenset({S.PUBLISHED, S.HELD, S.HIDDEN}), S.REMOVED),
    "restore": (frozenset({S.REMOVED}), None),
}


class IllegalTransition(DomainError):
    status_code = 409
    code = "illegal_transition"


def _apply(*, actor: Any, post: Post, verb: str, reason: str = "") -> bool:
    require_moderator(actor)
    sources, target = TRANSITIONS[verb]
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        target = target or post.status_before_removal or S.PUBLISHED
        if post.status == target:
            return False
        if post.status not in sources:
            raise IllegalTransition(f"A {post.get_status_display().lower()} post cannot be {verb}d.")
        old = post.status
        if verb == "remove":
            post.status_before_removal, post.removed_at, post.removed_by = old, timezone.now(), actor
            post.removal_reason = reason
        post.status = target
        post.save()
        post.flags.filter(resolved_at__isnull=True).update(resolved_at=timezone.now(), resolution=verb)
        refresh_thread(post.thread)
        log_action(
            actor=actor, action=f"post_{verb}", post=post, target_user=post.author, reason=reason, old=old, new=target
        )
        if target == S.PUBLISHED:
            outbox.enqueue("forum.notify_post", post_id=post.pk)  # notices are once per user and post
    return True


def post_approve(*, actor: Any, post: Post) -> bool:
    return _apply(actor=actor, post=post, verb="approve")


def post_hide(*, actor: Any, post: Post, reason: str = "") -> bool:
    return _apply(actor=actor, post=post, verb="hide", reason=reason)


def post_remove(*, actor: Any, post: Post, reason: str) -> bool:
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the post is removed."})
    return _apply(actor=actor, post=post, verb="remove", reason=reason.strip())


def post_restore(*, actor: Any, post: Post) -> bool:
    return _apply(actor=actor, post=post, verb="restore")


def post_amend(*, actor: Any, post: Post, body: str, reason: str) -> bool:
    """A moderator's edit: the old and new text, who, when and why are kept as a revision."""
    require_moderator(actor)
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise ValidationError({"body": "This field is required."})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the post is edited."})
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.body == body:
            return False
        PostRevision.objects.create(
            post=post, editor=actor, old_body=post.body, new_body=body, reason=reason.strip()[:300], by_moderator=True
        )
        post.body, post.body_html = body, render_markdown(body)
        post.edited_at, post.edited_by_moderator = timezone.now(), True
        post.save(update_fields=["body", "body_html", "edited_at", "edited_by_moderator"])
        log_action(actor=actor, action="post_amend", post=post, target_user=post.author, reason=reason.strip())
    return True
