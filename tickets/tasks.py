from celery import shared_task

from . import notifications
from .models import Ticket


@shared_task(name="tickets.notify_ticket_received", acks_late=True, autoretry_for=(OSError,),
             retry_backoff=True, retry_kwargs={"max_retries": 8}, time_limit=60)
def notify_ticket_received(ticket_id: int) -> bool:
    ticket = Ticket.objects.select_related("requester").filter(pk=ticket_id).first()
    return bool(ticket and ticket.requester.email) and notifications.ticket_received(ticket)
