"""Members flag posts; flags weigh by the flagger's standing, and enough weight hides the post
until a moderator decides."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.errors import Conflict

from ..access import is_moderator, is_staff_member, require_reader
from ..models import Flag, Post, Sanction
from .counters import refresh_thread
from .log import log_action

HIDE_THRESHOLD = 3.0


def standing(user: Any) -> float:
    """How much a flag from this user weighs: moderators hide at once; newcomers count half."""
    if is_moderator(user):
        return HIDE_THRESHOLD
    if is_staff_member(user):
        return 2.0
    if Sanction.objects.filter(user=user).exists():
        return 0.5
    age = timezone.now() - user.date_joined
    if age < timedelta(days=1):
        return 0.5
    published = Post.objects.filter(author=user, status=Post.Status.PUBLISHED).count()
    return 1.5 if age > timedelta(days=30) and published >= 5 else 1.0


def post_flag(*, actor: Any, post: Post, reason: str, note: str = "") -> Flag:
    require_reader(actor)
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": f"Choose one of: {', '.join(Flag.Reason.values)}."})
    if reason == Flag.Reason.OTHER and not note.strip():
        raise ValidationError({"note": "Tell the moderators what is wrong."})
    if post.author_id == actor.pk:
        raise PermissionDenied("You cannot flag your own post.")
    weight = standing(actor)
    try:
        with transaction.atomic():
            flag = Flag.objects.create(post=post, flagger=actor, reason=reason, note=note.strip()[:500], weight=weight)
            Post.objects.filter(pk=post.pk).update(flag_weight=F("flag_weight") + weight)
            hidden = Post.objects.filter(
                pk=post.pk, status=Post.Status.PUBLISHED, flag_weight__gte=HIDE_THRESHOLD
            ).update(status=Post.Status.HIDDEN)
            if hidden:
                refresh_thread(post.thread)
                log_action(
                    actor=None,
                    action="auto_hide",
                    post=post,
                    target_user=post.author,
                    reason=f"flag weight reached {HIDE_THRESHOLD}",
                )
    except IntegrityError:
        raise Conflict("You have already flagged this post.") from None
    return flag
