"""What happens after a ticket changes, beyond the ticket itself.

The foundation has nothing to add here yet; the policy and routing apps plug their work in
through these functions (called inside the service's transaction) so that services stay the
one place writes happen.
"""

from .models import Message, Ticket


def ticket_created(ticket: Ticket) -> None:
    """Called inside the creating transaction."""


def ticket_status_changed(ticket: Ticket, old_status: str) -> None:
    """Called inside the transaction that changed the status."""


def message_created(message: Message) -> None:
    """Called inside the transaction that added the message."""
