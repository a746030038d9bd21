from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import notifications
from .models import Ticket

RETRY_ON = (OSError, OperationalError, InterfaceError)


@shared_task(name="tickets.notify_routed", acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True,
             retry_kwargs={"max_retries": 8}, time_limit=60, soft_time_limit=55)
def notify_routed(ticket_id: int, assignee_id: int | None = None, ticket: Ticket | None = None) -> int:
    """The e-mails of a newly routed ticket (received; assigned): one task, one read of the ticket.
    Run in-process by routing, it is handed the ticket routing just saved (no read at all)."""
    if ticket is None or ticket.pk != ticket_id:
        ticket = Ticket.objects.select_related("requester", "queue", "assignee").filter(pk=ticket_id).first()
    return notifications.ticket_routed(ticket, assignee_id=assignee_id) if ticket else 0


# Kept for outbox rows and broker messages written before routing took over the received e-mail.
@shared_task(name="tickets.notify_ticket_received", acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True,
             retry_kwargs={"max_retries": 8}, time_limit=60, soft_time_limit=55)
def notify_ticket_received(ticket_id: int) -> bool:
    ticket = Ticket.objects.select_related("requester").filter(pk=ticket_id).first()
    return bool(ticket and ticket.requester.email) and notifications.ticket_received(ticket)


@shared_task(name="tickets.notify", acks_late=True, autoretry_for=RETRY_ON, retry_backoff=True,
             retry_kwargs={"max_retries": 8}, time_limit=60, soft_time_limit=55)
def notify(ticket_id: int, kind: str, occasion: str, user_id: int | None = None) -> bool:
    """One e-mail of `kind` to the requester (or to the user given); sent once per occasion."""
    from accounts.models import User

    # the templates show the queue and the assignee: one query for all of them
    ticket = Ticket.objects.select_related("requester", "queue", "assignee").filter(pk=ticket_id).first()
    user = User.objects.filter(pk=user_id).first() if user_id else (ticket.requester if ticket else None)
    return bool(ticket and user) and notifications.notify(ticket=ticket, kind=kind, occasion=occasion,
                                                          recipient=user.email)
