"""Resolved tickets close by themselves after N days without a reply from the merchant (a reply
reopens the ticket, so "still resolved" is "no reply")."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tickets import hooks
from tickets.models import Ticket, TicketEvent
from tickets.services import record_event


def auto_close_days() -> int:
    return int(getattr(settings, "ROUTING_AUTO_CLOSE_DAYS", 7))


@transaction.atomic
def tickets_auto_close(*, now=None, limit: int = 500) -> int:  # noqa: ANN001
    """Close what is due. Rows are claimed with SKIP LOCKED: two runs never close one ticket twice.

    Written here rather than through tickets.services.ticket_set_status because there is no acting
    user; it records the same status event and calls the same hook."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=auto_close_days())
    due = list(Ticket.objects.select_for_update(skip_locked=True)
               .filter(status=Ticket.Status.RESOLVED, resolved_at__lt=cutoff).order_by("resolved_at")[:limit])
    for ticket in due:
        ticket.status, ticket.closed_at, ticket.updated_at = Ticket.Status.CLOSED, now, now
        ticket.save(update_fields=["status", "closed_at", "updated_at"])
        record_event(ticket=ticket, actor=None, kind=TicketEvent.Kind.STATUS, old=Ticket.Status.RESOLVED,
                     new=Ticket.Status.CLOSED, reason=f"no reply for {auto_close_days()} days")
        hooks.ticket_status_changed(ticket, Ticket.Status.RESOLVED)
    return len(due)
