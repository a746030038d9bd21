"""What happens after a ticket changes, beyond the ticket itself.

Called by tickets.services inside the writing transaction. The policy app classifies here
(synchronously: it takes about a millisecond, and a failure never loses the ticket), so the
merchant sees the verdict on the first page view and in the first e-mail.
"""

from .models import Message, Ticket


def ticket_created(ticket: Ticket, *, triage: bool = True) -> None:
    from core import outbox

    if triage:
        from policy.services import ticket_classify

        ticket_classify(ticket=ticket)
    if ticket.requester.email:
        outbox.enqueue("tickets.notify_ticket_received", ticket_id=ticket.pk)


def ticket_status_changed(ticket: Ticket, old_status: str) -> None:
    """Called inside the transaction that changed the status."""


def message_created(message: Message) -> None:
    from policy.services import message_classify

    message_classify(message=message)
