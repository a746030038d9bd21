"""Posting limits: on their first day users may post two links and once every 30 seconds; after
that, a burst limit stops runaway scripts. Staff are not limited."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.errors import DomainError

from ..access import is_staff_member
from ..models import Post
from ..moderation.links import foreign_link_count

NEW_USER_PERIOD = timedelta(days=1)
NEW_USER_MAX_LINKS = 2
NEW_USER_MIN_INTERVAL = timedelta(seconds=30)
BURST_WINDOW = timedelta(minutes=1)
BURST_MAX_POSTS = 10
MAX_LINKS = 10
BODY_MAX_CHARS = 20_000


class RateLimited(DomainError):
    status_code = 429
    code = "rate_limited"


def is_new_user(user: Any) -> bool:
    return not is_staff_member(user) and timezone.now() - user.date_joined < NEW_USER_PERIOD


def check_limits(*, user: Any, body: str) -> None:
    if len(body) > BODY_MAX_CHARS:
        raise ValidationError({"body": f"At most {BODY_MAX_CHARS} characters."})
    if is_staff_member(user):
        return
    new = is_new_user(user)
    max_links = NEW_USER_MAX_LINKS if new else MAX_LINKS
    if foreign_link_count(body) > max_links:
        raise ValidationError(
            {"body": f"{'New members' if new else 'Members'} can post at most {max_links} links in a post."}
        )
    now = timezone.now()
    mine = Post.objects.filter(author=user)
    if new and mine.filter(created_at__gt=now - NEW_USER_MIN_INTERVAL).exists():
        raise RateLimited("On your first day you can post once every 30 seconds. Please wait a moment.")
    if mine.filter(created_at__gt=now - BURST_WINDOW).count() >= BURST_MAX_POSTS:
        raise RateLimited("You are posting very quickly. Please wait a minute.")
