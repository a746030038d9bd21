"""'Helpful' reactions and the accepted answer the thread's author chooses."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ..access import is_moderator, require_reader
from ..models import Post, Reaction, Thread


def post_toggle_helpful(*, actor: Any, post: Post) -> bool:
    """Mark or unmark a post as helpful; returns whether it is marked now."""
    require_reader(actor)
    if post.author_id == actor.pk:
        raise PermissionDenied("You cannot mark your own post as helpful.")
    with transaction.atomic():
        deleted, _ = Reaction.objects.filter(post=post, user=actor, kind=Reaction.Kind.HELPFUL).delete()
        if not deleted:
            Reaction.objects.get_or_create(post=post, user=actor, kind=Reaction.Kind.HELPFUL)
        Post.objects.filter(pk=post.pk).update(helpful_count=Reaction.objects.filter(post=post).count())
    return not deleted


def answer_accept(*, actor: Any, post: Post, accepted: bool = True) -> bool:
    thread = post.thread
    if actor.pk != thread.author_id and not is_moderator(actor):
        raise PermissionDenied("Only the thread's author chooses the accepted answer.")
    if accepted and (post.position == 1 or post.status != Post.Status.PUBLISHED):
        raise ValidationError({"post": "Choose a published reply as the answer."})
    new = post.pk if accepted else None
    if not accepted and thread.accepted_post_id != post.pk:
        return False
    return bool(Thread.objects.filter(pk=thread.pk).exclude(accepted_post_id=new).update(accepted_post_id=new))
