"""Reads of tickets, scoped in SQL to what the user may see.

`tickets_visible_to` is the one way views read tickets: a merchant user's queryset holds
their merchant's tickets only; an agent limited to queues sees those queues only.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.roles import is_support_staff

from .models import Attachment, Message, Ticket


def tickets_visible_to(user: User) -> QuerySet[Ticket]:
    tickets = Ticket.objects.all()
    if not user.is_authenticated:
        return tickets.none()
    if user.merchant_id:
        return tickets.filter(merchant_id=user.merchant_id)
    if not is_support_staff(user):
        return tickets.none()
    if user.restrict_to_queues:
        return tickets.filter(queue__agents=user)
    return tickets


def ticket_get(*, user: User, ticket_id: int) -> Ticket:
    """The ticket if the user may see it; 404 otherwise (never 403: no hint that it exists)."""
    ticket = (tickets_visible_to(user).select_related("merchant", "requester", "queue", "assignee")
              .filter(pk=ticket_id).first())
    if ticket is None:
        raise Http404("No such ticket")
    return ticket


def messages_visible_to(*, user: User, ticket: Ticket) -> QuerySet[Message]:
    messages = ticket.messages.select_related("author").prefetch_related("attachments")
    if not is_support_staff(user):
        messages = messages.filter(kind=Message.Kind.REPLY)
    return messages


def attachment_get(*, user: User, ticket_id: int, attachment_id: int) -> Attachment:
    ticket = ticket_get(user=user, ticket_id=ticket_id)
    attachment = ticket.attachments.select_related("message").filter(pk=attachment_id).first()
    if attachment is None or (attachment.message and attachment.message.is_internal and not is_support_staff(user)):
        raise Http404("No such attachment")
    return attachment


@dataclass(frozen=True)
class TicketFilters:
    status: str = ""
    priority: int | None = None
    queue_id: int | None = None
    search: str = ""
    created_after: datetime | None = None
    created_before: datetime | None = None
    open_only: bool = False


def ticket_search(queryset: QuerySet[Ticket], filters: TicketFilters) -> QuerySet[Ticket]:
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    elif filters.open_only:
        queryset = queryset.filter(status__in=Ticket.OPEN_STATUSES)
    if filters.priority:
        queryset = queryset.filter(priority=filters.priority)
    if filters.queue_id:
        queryset = queryset.filter(queue_id=filters.queue_id)
    if filters.created_after:
        queryset = queryset.filter(created_at__gte=filters.created_after)
    if filters.created_before:
        queryset = queryset.filter(created_at__lt=filters.created_before)
    if filters.search:
        term = filters.search.strip()
        ticket_id = Ticket.id_from_reference(term)
        match = Q(subject__icontains=term) | Q(body__icontains=term)
        if ticket_id is not None:
            match |= Q(pk=ticket_id)
        queryset = queryset.filter(match)
    return queryset


def ticket_page(queryset: QuerySet[Ticket], *, before_id: int | None,
                size: int = 25) -> tuple[list[Ticket], int | None]:
    """Keyset page, newest first: the rows and the id to continue from (None on the last page)."""
    if before_id:
        queryset = queryset.filter(pk__lt=before_id)
    rows = list(queryset.select_related("queue", "assignee", "merchant").order_by("-id")[: size + 1])
    next_before = rows[size - 1].pk if len(rows) > size else None
    return rows[:size], next_before
