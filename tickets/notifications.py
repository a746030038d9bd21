"""E-mails about tickets, each sent at most once per (ticket, kind, recipient, occasion)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.emails import build_email
from mailin.threads import outgoing_message_id
from policy.selectors import scope_notice

from .models import Notification, Ticket


def _reply_to(ticket: Ticket) -> list[str]:
    # Replies threaded back by the reference in the address and in the subject.
    from django.conf import settings

    local, _, domain = settings.DEFAULT_FROM_EMAIL.rpartition("<")[2].rstrip(">").partition("@")
    return [f"{local}+{ticket.reference.lower()}@{domain}"]


def send_once(*, ticket: Ticket, kind: str, recipient: str, occasion: str, context: dict) -> bool:
    """Send the e-mail unless it was already sent; returns whether it was sent now.

    The Notification row is the claim and is committed only after the SMTP hand-off: a worker
    killed mid-send leaves no row, so the redelivered task sends it (once); a concurrent duplicate
    waits on the unique key and then skips. Only a death between hand-off and commit can repeat it."""
    key = f"{ticket.pk}:{kind}:{recipient}:{occasion}"[:200]
    message = build_email(kind, to=[recipient], context={"ticket": ticket, **context}, reply_to=_reply_to(ticket),
                          headers={"X-IXXO-Ticket": ticket.reference, "Auto-Submitted": "auto-generated",
                                   # Encodes the reference, so a reply threads back by In-Reply-To alone.
                                   "Message-ID": outgoing_message_id(ticket)})
    try:
        with transaction.atomic():
            # sent_at is written with the claim: the row only commits once the hand-off succeeded
            Notification.objects.create(ticket=ticket, kind=kind, recipient=recipient, key=key,
                                        sent_at=timezone.now())
            message.send()  # not sent (exception): the row rolls back and a retry may try again
    except IntegrityError:
        return False
    return True


def ticket_received(ticket: Ticket) -> bool:
    """The first e-mail: we have your ticket; and, if part of it is out of scope, why and what instead."""
    return send_once(ticket=ticket, kind="ticket-received", recipient=ticket.requester.email, occasion="created",
                     context={"notice": scope_notice(ticket)})


def ticket_routed(ticket: Ticket, *, assignee_id: int | None) -> int:
    """The e-mails due once a new ticket is routed, in one task: received to the merchant, and
    assigned to the agent routing chose. Each is sent once (its own claim and transaction), so a
    retry after a failure of the second does not repeat the first. Returns how many were sent now."""
    sent = 0
    if ticket.requester.email:
        sent += ticket_received(ticket)
    if assignee_id is not None and ticket.assignee_id == assignee_id and ticket.assignee.email:
        sent += send_once(ticket=ticket, kind="assigned", recipient=ticket.assignee.email,
                          occasion=f"assignee-{assignee_id}", context={})
    return sent


# The other kinds (routing and SLA issue). Each builds its context from the ticket and the occasion.
def _message_context(ticket: Ticket, occasion: str) -> dict:
    return {"message": ticket.messages.filter(pk=occasion.removeprefix("message-")).first()}


KIND_CONTEXT = {
    "agent-replied": _message_context,
    "waiting-for-you": lambda ticket, occasion: {},
    "resolved": lambda ticket, occasion: {},
    "restricted": lambda ticket, occasion: {"notice": scope_notice(ticket)},
    "assigned": lambda ticket, occasion: {},
}


def notify(*, ticket: Ticket, kind: str, occasion: str, recipient: str) -> bool:
    context = KIND_CONTEXT[kind](ticket, occasion)
    if not recipient or (kind == "restricted" and context["notice"] is None):
        return False  # never tell a merchant "we cannot support this" on the classifier's guess
    return send_once(ticket=ticket, kind=kind, recipient=recipient, occasion=occasion, context=context)


def sla_notify(*, ticket_id: int, kind: str, clock: str, due_at: str) -> int:
    """An SLA warning to the assignee, or a breach to the assignee and the supervisors."""
    from accounts.models import User

    ticket = Ticket.objects.select_related("assignee", "queue").filter(pk=ticket_id).first()
    if ticket is None:
        return 0
    recipients = {ticket.assignee.email} if ticket.assignee and ticket.assignee.email else set()
    if kind == "sla-breach":
        recipients |= set(User.objects.filter(groups__name="supervisor", is_active=True).exclude(email="")
                          .values_list("email", flat=True))
    context = {"clock": clock.replace("_", " "), "due_at": due_at}
    occasion = f"{clock}:{due_at}"
    return sum(send_once(ticket=ticket, kind=kind, recipient=email, occasion=occasion, context=context)
               for email in sorted(recipients))
