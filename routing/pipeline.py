"""What routing, SLAs and webhooks do when a ticket changes; called from tickets.hooks inside the
writing transaction. Work for the workers goes through the outbox, so it survives a broker outage."""

from core import outbox
from tickets.models import Message, Ticket

from . import sla


def ticket_created(ticket: Ticket) -> None:
    # The SLA clocks are planned by the routing task (with the priority routing settles on), which
    # is recorded here in the ticket's transaction: the request stays short, nothing is lost.
    outbox.enqueue("routing.route_ticket", ticket_id=ticket.pk)
    from webhooks.services import emit

    emit(event="ticket.created", ticket=ticket)


def ticket_priority_changed(ticket: Ticket) -> None:
    """A priority set by hand or by a new verdict: the clocks follow it at once (a ticket not
    routed yet gets its clocks planned now; routing re-plans them if it changes the priority)."""
    sla.sla_plan(ticket=ticket)


def ticket_status_changed(ticket: Ticket, old_status: str) -> None:
    sla.sla_status_changed(ticket=ticket, old_status=old_status)
    from webhooks.services import emit

    emit(event="ticket.status_changed", ticket=ticket, old_status=old_status)


def message_created(message: Message) -> None:
    if message.author.merchant_id is None and not message.is_internal:
        sla.sla_first_response(ticket=message.ticket)
