"""Who hears about a new post: followers of the thread or category, mentioned and quoted users.
Run by the `forum.notify_post` task after commit; safe to run twice (one notice per user and post)."""

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..access import can_read
from ..emails import build_forum_email
from ..models import Notification, Post, Subscription

MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")
QUOTE = re.compile(r"^>\s*@([\w.+-]{1,150}) wrote:", re.MULTILINE)


def _recipients(post: Post) -> dict[int, tuple[str, bool]]:
    """user id -> (kind, e-mail?); the most specific reason wins (quote > mention > thread > category)."""
    out: dict[int, tuple[str, bool]] = {}
    thread = post.thread
    if post.position == 1:
        for user_id, channel in Subscription.objects.filter(category=thread.category_id).values_list("user", "channel"):
            out[user_id] = (Notification.Kind.THREAD, channel == Subscription.Channel.EMAIL)
    for user_id, channel in Subscription.objects.filter(thread=thread).values_list("user", "channel"):
        out[user_id] = (Notification.Kind.REPLY, channel == Subscription.Channel.EMAIL)
    names = set(MENTION.findall(post.body))
    quoted = set(QUOTE.findall(post.body))
    for user_id, username in get_user_model().objects.filter(username__in=names | quoted).values_list("id", "username"):
        kind = Notification.Kind.QUOTE if username in quoted else Notification.Kind.MENTION
        out[user_id] = (kind, out.get(user_id, ("", False))[1])
    out.pop(post.author_id, None)
    return out


def notify_for_post(post_id: int) -> int:
    post = Post.objects.select_related("thread", "author").filter(pk=post_id).first()
    if post is None or post.status != Post.Status.PUBLISHED or not post.thread.is_visible:
        return 0  # removed, held or hidden posts never notify
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=_recipients(post).keys())}
    sent = 0
    for user_id, (kind, by_email) in _recipients(post).items():
        user = users.get(user_id)
        if user is None or not can_read(user):
            continue
        try:
            with transaction.atomic():
                note = Notification.objects.create(user=user, post=post, kind=kind)
        except IntegrityError:
            continue  # already told (the task ran before)
        sent += 1
        if by_email and user.email:
            build_forum_email(
                "forum-post", to=[user.email], context={"post": post, "kind": note.get_kind_display(), "user": user}
            ).send()
            Notification.objects.filter(pk=note.pk).update(emailed=True)
    return sent


def notifications_mark_read(*, actor: Any) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
