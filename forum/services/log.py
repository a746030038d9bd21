from typing import Any

from ..models import ModerationLog, Post, Thread


def log_action(
    *,
    actor: Any,
    action: str,
    post: Post | None = None,
    thread: Thread | None = None,
    target_user: Any = None,
    reason: str = "",
    **data: Any,
) -> ModerationLog:
    return ModerationLog.objects.create(
        actor=actor,
        action=action,
        post=post,
        thread=thread or (post.thread if post else None),
        target_user=target_user,
        reason=reason[:2000],
        data=data,
    )
