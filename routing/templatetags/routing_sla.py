"""`{% sla_state ticket as sla %}`: which clock is running, when it is due, and whether it breached."""

from dataclasses import dataclass
from datetime import datetime

from django import template
from django.utils import timezone

from tickets.models import Ticket

register = template.Library()


@dataclass(frozen=True)
class SlaState:
    label: str
    due: datetime
    state: str  # ok, breached, paused

    @property
    def breached(self) -> bool:
        return self.state == "breached"


@register.simple_tag
def sla_state(ticket: Ticket) -> SlaState | None:
    if ticket.status in (Ticket.Status.RESOLVED, Ticket.Status.CLOSED):
        return None
    if ticket.first_response_at is None and ticket.first_response_due_at:
        label, due = "First response", ticket.first_response_due_at
    elif ticket.resolution_due_at:
        label, due = "Resolution", ticket.resolution_due_at
    else:
        return None
    if ticket.status == Ticket.Status.PENDING:
        return SlaState(label, due, "paused")
    return SlaState(label, due, "breached" if due <= timezone.now() else "ok")
