"""SLA clocks: planned when a new ticket is routed (by the worker, just after it is saved) and again
when its priority changes, paused while the ticket
waits for the merchant or is resolved, resumed on their reply. Due times are mirrored onto the
ticket so the agents' lists can show and sort them without a join."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from tickets.models import Ticket

from . import businesstime
from .models import TicketSla
from .selectors import calendar_by_id, sla_policy_for

# The clock does not run while the ticket waits for the merchant, nor once it is solved.
PAUSED_STATUSES = frozenset({Ticket.Status.PENDING, Ticket.Status.RESOLVED, Ticket.Status.CLOSED})


def _plan(sla: TicketSla) -> None:
    calendar = calendar_by_id(sla.calendar_id)
    start, extra, share = sla.started_at, sla.paused_minutes, sla.warn_percent / 100

    def at(minutes: float) -> datetime:
        return businesstime.add_minutes(calendar, start, minutes + extra)

    sla.first_response_warn_at = at(sla.first_response_minutes * share)
    sla.first_response_due_at = at(sla.first_response_minutes)
    sla.resolution_warn_at = at(sla.resolution_minutes * share)
    sla.resolution_due_at = at(sla.resolution_minutes)


def _mirror(ticket: Ticket, sla: TicketSla, *, save: bool = True) -> None:
    ticket.first_response_due_at = sla.first_response_due_at
    ticket.resolution_due_at = sla.resolution_due_at
    if save:
        Ticket.objects.filter(pk=ticket.pk).update(first_response_due_at=sla.first_response_due_at,
                                                   resolution_due_at=sla.resolution_due_at)


def sla_plan(*, ticket: Ticket, save_ticket: bool = True) -> TicketSla | None:
    """(Re)plan the clocks from the ticket's priority and plan. Keeps paused time and the
    met/warned/breached marks, so re-running it changes nothing. No policy: no clocks.

    The due times are copied onto `ticket`; with `save_ticket=False` the caller saves them
    (`first_response_due_at`, `resolution_due_at`) with its own update of the ticket."""
    policy = sla_policy_for(priority=ticket.priority, plan=ticket.merchant.support_plan)
    if policy is None:
        return None
    sla = TicketSla.objects.select_for_update().filter(ticket=ticket).first() or TicketSla(
        ticket=ticket, started_at=ticket.created_at)
    if ticket.first_response_at and not sla.first_response_met_at:
        sla.first_response_met_at = ticket.first_response_at
    sla.policy, sla.calendar_id, sla.warn_percent = policy, policy.calendar_id, policy.warn_percent
    sla.first_response_minutes, sla.resolution_minutes = policy.first_response_minutes, policy.resolution_minutes
    if sla.paused_at is None and ticket.status in PAUSED_STATUSES:
        sla.paused_at = timezone.now()
    _plan(sla)
    sla.save(force_insert=sla._state.adding)
    _mirror(ticket, sla, save=save_ticket)
    return sla


def sla_status_changed(*, ticket: Ticket, old_status: str) -> None:
    """Pause or resume, inside the transaction that changed the status."""
    was_running, runs = old_status not in PAUSED_STATUSES, ticket.status not in PAUSED_STATUSES
    if was_running == runs:
        return
    now = timezone.now()
    if not runs:
        TicketSla.objects.filter(ticket=ticket, paused_at__isnull=True).update(paused_at=now)
        return
    sla = TicketSla.objects.select_for_update().filter(ticket=ticket, paused_at__isnull=False).first()
    if sla is None:
        return
    assert sla.paused_at is not None
    waited = businesstime.minutes_between(calendar_by_id(sla.calendar_id), sla.paused_at, now)
    sla.paused_minutes += round(waited)
    sla.paused_at = None
    _plan(sla)
    sla.save()
    _mirror(ticket, sla)


def sla_first_response(*, ticket: Ticket) -> None:
    if ticket.first_response_at:
        TicketSla.objects.filter(ticket=ticket, first_response_met_at__isnull=True).update(
            first_response_met_at=ticket.first_response_at)


@transaction.atomic
def sla_replan(*, ticket_id: int) -> TicketSla | None:
    ticket = Ticket.objects.select_for_update().select_related("merchant").get(pk=ticket_id)
    return sla_plan(ticket=ticket)
