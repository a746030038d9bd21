"""What happens after a ticket changes, beyond the ticket itself.

Called by tickets.services inside the writing transaction. The policy app classifies here
(synchronously: it takes about a millisecond, and a failure never loses the ticket), so the
merchant sees the verdict on the first page view and in the first e-mail.
"""

from datetime import timedelta

from .models import Message, Ticket

# Merchant e-mails sent when the status becomes one of these (the routing issue).
STATUS_EMAILS = {Ticket.Status.PENDING: "waiting-for-you", Ticket.Status.RESOLVED: "resolved"}


def ticket_created(ticket: Ticket, *, triage: bool = True) -> None:
    from core import outbox

    if triage:
        from policy.services import ticket_classify

        ticket_classify(ticket=ticket)
    if ticket.requester.email:
        outbox.enqueue("tickets.notify_ticket_received", ticket_id=ticket.pk)
    from routing import pipeline

    pipeline.ticket_created(ticket)  # SLA clocks now; routing and assignment by a worker


def ticket_status_changed(ticket: Ticket, old_status: str) -> None:
    """Called inside the transaction that changed the status."""
    from core import outbox
    from routing import pipeline

    pipeline.ticket_status_changed(ticket, old_status)
    kind = STATUS_EMAILS.get(ticket.status)
    # An agent's reply that set "pending" gets its own e-mail (agent-replied), which says so.
    just_replied = kind == "waiting-for-you" and ticket.messages.filter(
        kind=Message.Kind.REPLY, author__merchant__isnull=True,
        created_at__gte=ticket.updated_at - timedelta(seconds=5)).exists()
    if kind and not just_replied:
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
