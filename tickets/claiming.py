"""Claiming tickets: "get next ticket" and "assign to me", safe when agents press at once.

Get-next locks the most urgent claimable row with `FOR UPDATE SKIP LOCKED`: a second agent's
transaction skips the row the first one holds instead of waiting for it, so two agents pressing
at the same moment get two different tickets. PostgreSQL re-checks the WHERE clause on a row that
was claimed and committed meanwhile (READ COMMITTED), so a stale snapshot cannot hand it out twice.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from accounts.models import User
from accounts.roles import is_support_staff
from core.errors import Conflict

from .models import Ticket
from .selectors import tickets_visible_to
from .services import ticket_assign

# Waiting for the merchant or on hold: nobody needs to pick these up now.
CLAIMABLE_STATUSES = (Ticket.Status.NEW, Ticket.Status.OPEN)


class AlreadyClaimed(Conflict):
    code = "already_claimed"


def _require_staff(actor: User) -> None:
    if not is_support_staff(actor):
        raise PermissionDenied("Only support staff can claim tickets.")


def claimable_for(user: User) -> QuerySet[Ticket]:
    """Unassigned tickets that need work in the user's queues (any visible queue if they are in none)."""
    tickets = tickets_visible_to(user).filter(assignee__isnull=True, status__in=CLAIMABLE_STATUSES)
    queue_ids = list(user.queues.values_list("id", flat=True))
    return tickets.filter(queue_id__in=queue_ids) if queue_ids else tickets


def _lock_first(tickets: QuerySet[Ticket]) -> Ticket | None:
    return tickets.select_for_update(skip_locked=True, of=("self",)).first()


@transaction.atomic
def ticket_claim_next(*, actor: User) -> Ticket | None:
    """Assign the most urgent claimable ticket (earliest SLA due, then oldest; no due time last)."""
    _require_staff(actor)
    claimable = claimable_for(actor)
    ticket = (_lock_first(claimable.filter(sla_due_at__isnull=False).order_by("sla_due_at", "id"))
              or _lock_first(claimable.filter(sla_due_at__isnull=True).order_by("id")))
    if ticket is None:
        return None
    ticket_assign(actor=actor, ticket=ticket, assignee=actor)
    return ticket


@transaction.atomic
def ticket_claim(*, actor: User, ticket: Ticket) -> Ticket:
    """Assign one ticket to the actor; a ticket someone else holds is a conflict (409), not a takeover."""
    _require_staff(actor)
    locked = Ticket.objects.select_for_update(of=("self",)).select_related("assignee").get(pk=ticket.pk)
    if locked.assignee_id == actor.pk:
        return locked
    if locked.assignee_id is not None:
        raise AlreadyClaimed(f"{locked.reference} is already assigned to {locked.assignee.username}.")
    ticket_assign(actor=actor, ticket=locked, assignee=actor)
    return locked
