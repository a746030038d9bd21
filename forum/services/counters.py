"""A thread's derived fields (visible, reply count, last activity), recomputed after any change."""

from django.db.models import Count, Max, Q

from ..models import Post, Thread


def refresh_thread(thread: Thread) -> None:
    published = Q(status=Post.Status.PUBLISHED)
    stats = thread.posts.aggregate(
        n=Count("id", filter=published),
        last=Max("created_at", filter=published),
        first=Count("id", filter=published & Q(position=1)),
    )
    thread.is_visible = bool(stats["first"]) and thread.merged_into_id is None
    thread.reply_count = max((stats["n"] or 0) - 1, 0)
    thread.last_post_at = stats["last"] or thread.created_at
    thread.save(update_fields=["is_visible", "reply_count", "last_post_at"])
