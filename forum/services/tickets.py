"""From forum to ticket: the author's one click on a bug-report notice, or staff converting a thread.
The ticket carries the post's text and a link back; the post and thread link to the ticket."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from accounts.roles import is_support_staff
from tickets.models import Ticket
from tickets.services import ticket_create

from ..models import Post, Thread
from .log import log_action


def _ticket_body(post: Post) -> str:
    url = settings.SUPPORT_SITE_URL.rstrip("/") + reverse("forum:post", args=[post.pk])
    return f'{post.body}\n\n---\nOpened from the forum post "{post.thread.title}": {url}'


def ticket_from_post(*, actor: Any, post: Post) -> Ticket:
    """The post's author opens a ticket from their post. Safe to repeat: the first ticket is returned."""
    if post.author_id != actor.pk:
        raise PermissionDenied("Only the post's author can open a ticket from it.")
    if post.ticket_id:
        return post.ticket
    with transaction.atomic():
        ticket = ticket_create(
            actor=actor, subject=post.thread.title[:200], body=_ticket_body(post), channel=Ticket.Channel.FORUM
        )
        _link(post, ticket)
    return ticket


def thread_convert(*, actor: Any, thread: Thread) -> Ticket:
    """Staff turn a thread into a ticket for the thread's author's store, and lock the thread."""
    if not is_support_staff(actor):
        raise PermissionDenied("Only support staff can convert a thread into a ticket.")
    first = thread.posts.get(position=1)
    if first.ticket_id:
        return first.ticket
    author = thread.author
    if not author.merchant_id:
        raise PermissionDenied("Only a merchant's thread can become a ticket.")
    with transaction.atomic():
        ticket = ticket_create(
            actor=actor,
            subject=thread.title[:200],
            body=_ticket_body(first),
            merchant=author.merchant,
            requester=author,
            channel=Ticket.Channel.FORUM,
        )
        _link(first, ticket)
        Thread.objects.filter(pk=thread.pk).update(is_locked=True)
        log_action(actor=actor, action="convert_to_ticket", thread=thread, ticket=ticket.pk)
    return ticket


def _link(post: Post, ticket: Ticket) -> None:
    Post.objects.filter(pk=post.pk).update(ticket=ticket)
    post.ticket = ticket
    if post.position == 1:
        Thread.objects.filter(pk=post.thread_id, ticket__isnull=True).update(ticket=ticket)
