"""What happens after a ticket changes, beyond the ticket itself.

Called by tickets.services inside the writing transaction. The policy app classifies here
(synchronously: it takes about a millisecond, and a failure never loses the ticket), so the
merchant sees the verdict on the first page view and in the first e-mail. Everything slower
(routing, assignment, SLA planning, e-mails, webhooks) goes to the workers through the outbox,
recorded in the same transaction, so it happens after commit and survives a broker outage.
"""

from .models import Message, Ticket

# Merchant e-mails sent when the status becomes one of these (the routing issue).
STATUS_EMAILS = {Ticket.Status.PENDING: "waiting-for-you", Ticket.Status.RESOLVED: "resolved"}


def ticket_created(ticket: Ticket, *, triage: bool = True) -> None:
    if triage:
        from policy.services import ticket_classify

        ticket_classify(ticket=ticket)
    from routing import pipeline

    # routing, assignment and the SLA clocks: by a worker, via the outbox; the routing task then
    # enqueues the received e-mail together with the assigned one (one task for both)
    pipeline.ticket_created(ticket)


def ticket_priority_changed(ticket: Ticket) -> None:
    """Called inside the transaction that changed the priority (agent page, API, admin, a verdict)."""
    from routing import pipeline

    pipeline.ticket_priority_changed(ticket)


def ticket_status_changed(ticket: Ticket, old_status: str, *, by_reply: bool = False) -> None:
    """Called inside the transaction that changed the status."""
    from core import outbox
    from routing import pipeline

    pipeline.ticket_status_changed(ticket, old_status)
    kind = STATUS_EMAILS.get(ticket.status)
    # A staff reply that set "pending" sends its own e-mail (agent-replied), which says so.
    if kind and not (by_reply and kind == "waiting-for-you"):
        outbox.enqueue("tickets.notify", ticket_id=ticket.pk, kind=kind,
                       occasion=f"{kind}-{ticket.updated_at.timestamp()}")


def message_created(message: Message) -> None:
    from core import outbox
    from policy.services import message_classify
    from routing import pipeline

    before = message.ticket.scope_verdict
    message_classify(message=message)
    pipeline.message_created(message)
    ticket, occasion = message.ticket, f"message-{message.pk}"
    if ticket.scope_verdict != before and ticket.scope_verdict in ("restricted", "mixed"):
        outbox.enqueue("tickets.notify", ticket_id=ticket.pk, kind="restricted", occasion=occasion)
    if message.author.merchant_id is None and not message.is_internal:
        outbox.enqueue("tickets.notify", ticket_id=ticket.pk, kind="agent-replied", occasion=occasion)
