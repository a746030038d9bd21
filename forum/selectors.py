"""Every read of the forum goes through here, scoped in SQL to what the user may see.

Non-moderators never get a hidden or removed post, a held post of someone else, or a thread whose
first post they may not see. Moderators see everything, marked."""

from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from .access import can_read, is_moderator
from .models import Category, Flag, ModerationLog, Notification, Post, PostRevision, Thread

PAGE_SIZE = 20


def categories_visible_to(user: Any) -> QuerySet[Category]:
    if not can_read(user):
        return Category.objects.none()
    return Category.objects.all() if is_moderator(user) else Category.objects.filter(is_active=True)


def threads_visible_to(user: Any) -> QuerySet[Thread]:
    if not can_read(user):
        return Thread.objects.none()
    threads = Thread.objects.select_related("category", "author")
    if is_moderator(user):
        return threads
    own_held = Exists(Post.objects.filter(thread=OuterRef("pk"), position=1, author=user, status=Post.Status.HELD))
    return threads.filter(category__is_active=True).filter(
        Q(is_visible=True, merged_into__isnull=True) | Q(own_held, merged_into__isnull=True)
    )


def posts_visible_to(user: Any) -> QuerySet[Post]:
    if not can_read(user):
        return Post.objects.none()
    posts = Post.objects.select_related("author", "thread")
    if is_moderator(user):
        return posts
    return posts.filter(
        Q(status=Post.Status.PUBLISHED) | Q(status=Post.Status.HELD, author=user), thread__in=threads_visible_to(user)
    )


def thread_get(*, user: Any, thread_id: int) -> Thread:
    thread = threads_visible_to(user).filter(pk=thread_id).first()
    if thread is None:
        # A merged thread redirects to where its posts went.
        merged = Thread.objects.filter(pk=thread_id, merged_into__isnull=False).first()
        if merged and can_read(user) and threads_visible_to(user).filter(pk=merged.merged_into_id).exists():
            return merged
        raise Http404("No such thread.")
    return thread


def post_get(*, user: Any, post_id: int) -> Post:
    post = posts_visible_to(user).filter(pk=post_id).first()
    if post is None:
        raise Http404("No such post.")
    return post


def page_count(thread: Thread) -> int:
    return max(1, -(-thread.last_position // PAGE_SIZE))


def thread_page(*, user: Any, thread: Thread, page: int) -> list[Post]:
    """Page N holds positions ((N-1)*20, N*20]: an index range scan however long the thread."""
    low = (page - 1) * PAGE_SIZE
    return list(
        posts_visible_to(user)
        .filter(thread=thread, position__gt=low, position__lte=low + PAGE_SIZE)
        .select_related("author__merchant", "ticket")
        .order_by("position")
    )


def thread_listing(*, user: Any, category: Category | None = None, before: Any = None) -> QuerySet[Thread]:
    threads = threads_visible_to(user)
    if category is not None:
        threads = threads.filter(category=category)
    return threads.order_by("-is_pinned", "-last_post_at", "-id")


SEARCH_LIMIT = 1000


def search(*, user: Any, query: str) -> QuerySet[Post]:
    """PostgreSQL full-text search over post bodies and thread titles ('simple' configuration: the
    forum is multilingual); a plain substring match on other databases.

    Bodies and titles are matched separately, each through its GIN expression index, and the
    permission filter is applied to at most SEARCH_LIMIT candidates: an OR across the join made the
    planner scan every post."""
    posts = posts_visible_to(user).filter(status=Post.Status.PUBLISHED)
    query = (query or "").strip()[:200]
    if not query:
        return posts.none()
    if connection.vendor != "postgresql":
        return posts.filter(Q(body__icontains=query) | Q(thread__title__icontains=query)).order_by("-created_at")
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    q = SearchQuery(query, config="simple", search_type="websearch")
    body = SearchVector("body", config="simple")
    by_body = Post.objects.annotate(match=body).filter(match=q).order_by("-id").values_list("id", flat=True)[
        :SEARCH_LIMIT]
    titles = (Thread.objects.annotate(match=SearchVector("title", config="simple")).filter(match=q)
              .order_by("-id").values_list("id", flat=True)[:SEARCH_LIMIT])
    by_title = Post.objects.filter(thread_id__in=list(titles), position=1).values_list("id", flat=True)
    candidates = set(by_body) | set(by_title)
    return posts.filter(pk__in=candidates).annotate(rank=SearchRank(body, q)).order_by("-rank", "-created_at")


def revisions_visible_to(user: Any, post: Post) -> QuerySet[PostRevision]:
    return post.revisions.select_related("editor") if is_moderator(user) else PostRevision.objects.none()


def moderation_queue(user: Any) -> QuerySet[Post]:
    if not is_moderator(user):
        return Post.objects.none()
    open_flags = Exists(Flag.objects.filter(post=OuterRef("pk"), resolved_at__isnull=True))
    return (
        Post.objects.select_related("thread", "author")
        .prefetch_related("flags__flagger")
        .filter(Q(status__in=[Post.Status.HELD, Post.Status.HIDDEN]) | Q(open_flags))
        .exclude(status=Post.Status.REMOVED)
        .order_by("created_at")
    )


def author_history(author: Any) -> dict[str, Any]:
    posts = Post.objects.filter(author=author)
    return {
        "published": posts.filter(status=Post.Status.PUBLISHED).count(),
        "held": posts.filter(status=Post.Status.HELD).count(),
        "removed": posts.filter(status=Post.Status.REMOVED).count(),
        "actions": list(ModerationLog.objects.filter(target_user=author).select_related("actor")[:10]),
        "sanctions": list(author.forum_sanctions.all()[:5]),
    }


def moderation_log(user: Any) -> QuerySet[ModerationLog]:
    if not is_moderator(user):
        return ModerationLog.objects.none()
    return ModerationLog.objects.select_related("actor", "target_user", "thread", "post")


def notifications_for(user: Any) -> QuerySet[Notification]:
    # Re-checked at read time: a post removed after the notice was made no longer shows.
    return Notification.objects.filter(
        user=user, post__in=posts_visible_to(user).filter(status=Post.Status.PUBLISHED)
    ).select_related("post__thread", "post__author")
