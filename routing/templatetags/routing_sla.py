"""`{% sla_state ticket as sla %}`: which clock is running, when it is due, and whether it breached.

`{% sla_badge ticket %}` draws it (routing/_sla_badge.html): built with a format string, since the
ticket list draws 25 of them per page and a template include per row cost more than its SQL.
"""

from dataclasses import dataclass
from datetime import datetime

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.template.defaultfilters import date
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

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


BADGE = ('<span class="badge sla-{state} {tone}" data-testid="sla" title="{label} due {title}">{text} · '
         '<time datetime="{iso}">{ago}</time></span>')


@register.simple_tag
def sla_badge(ticket: Ticket) -> SafeString:
    """The running clock as a badge ("" when none runs): label, state, due time and how far off."""
    sla = sla_state(ticket)
    if sla is None:
        return SafeString("")
    tone = "badge-err" if sla.breached else "badge-warn" if sla.state == "paused" else "badge-ok"
    text = "SLA breached" if sla.breached else f"{sla.label} paused" if sla.state == "paused" else sla.label
    due = timezone.localtime(sla.due)
    return mark_safe(BADGE.format(  # noqa: S308 - every value is escaped
        state=escape(sla.state), tone=tone, label=escape(sla.label), title=escape(date(due, "j M Y, H:i")),
        text=escape(text), iso=due.isoformat(), ago=conditional_escape(naturaltime(sla.due))))
