"""Routing a new ticket: the first matching rule sets queue, priority, tags, assignee or team;
then auto-assignment. Runs in a worker, once per ticket whatever the number of deliveries."""

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core import outbox
from tickets.models import Queue, Ticket, TicketEvent
from tickets.services import events_batched, record_event, ticket_assign, ticket_set_tags

from .assign import pick_assignee
from .cache import cached
from .models import RoutingDecision, RoutingRule
from .rules import facts_of, first_match, split
from .selectors import active_rules
from .sla import sla_plan


def default_queue() -> Queue | None:
    slug = getattr(settings, "ROUTING_DEFAULT_QUEUE", "general")
    return cached(f"queue:{slug}", lambda: Queue.objects.filter(slug=slug).first())


def _apply(ticket: Ticket, rule: RoutingRule | None) -> None:
    queue = (rule.set_queue if rule else None) or default_queue()
    if queue is not None and queue.pk != ticket.queue_id:
        record_event(ticket=ticket, actor=None, kind=TicketEvent.Kind.QUEUE, old=str(ticket.queue or ""),
                     new=str(queue), rule=rule.name if rule else "default")
        ticket.queue = queue
    if rule and rule.set_priority and rule.set_priority != ticket.priority:
        record_event(ticket=ticket, actor=None, kind=TicketEvent.Kind.PRIORITY, old=ticket.priority,
                     new=rule.set_priority, rule=rule.name)
        ticket.priority = rule.set_priority
    if rule and rule.add_tags.strip():
        current = list(ticket.tags.values_list("name", flat=True))
        ticket_set_tags(actor=None, ticket=ticket, names=[*current, *split(rule.add_tags)])  # type: ignore[arg-type]


@transaction.atomic
def ticket_route(*, ticket_id: int) -> RoutingDecision | None:
    """Route one ticket; returns None when it was routed already (safe to run twice).

    Also plans its SLA clocks, with the priority routing settles on. The events and the outbox
    rows it records are written with one INSERT each."""
    ticket = (Ticket.objects.select_for_update(of=("self",)).select_related("merchant", "requester")
              .annotate(routed=Exists(RoutingDecision.objects.filter(ticket_id=OuterRef("pk"))))
              .filter(pk=ticket_id).first())
    if ticket is None or ticket.routed:
        return None
    with events_batched(), outbox.batched():
        return _route(ticket)


def _route(ticket: Ticket) -> RoutingDecision:
    rules = active_rules()
    match = first_match([r.as_rule() for r in rules], facts_of(ticket, ticket.merchant.support_plan))
    rule = next((r for r in rules if match and r.pk == match.id), None)
    _apply(ticket, rule)
    assignee = rule.set_assignee if rule and rule.set_assignee_id else None
    if assignee is None and ticket.assignee_id is None:
        assignee = pick_assignee(ticket=ticket, team=rule.set_team if rule else None)
    if assignee is not None and ticket.assignee_id is None:
        ticket_assign(actor=None, ticket=ticket, assignee=assignee, save=False)  # type: ignore[arg-type]
    sla_plan(ticket=ticket, save_ticket=False)  # the due times go out with the update below
    ticket.updated_at = timezone.now()
    ticket.save(update_fields=["queue", "priority", "assignee", "updated_at", "first_response_due_at",
                               "resolution_due_at"])
    decision = RoutingDecision.objects.create(ticket=ticket, rule=rule, queue=ticket.queue,
                                              assigned_at=timezone.now() if ticket.assignee_id else None)
    # received (to the merchant) and assigned (to the agent): one task for both, run by this
    # worker right after the commit (no broker hop) and handed this ticket, as saved (no read);
    # recorded here, so never lost
    outbox.enqueue_here("tickets.notify_routed", ticket_id=ticket.pk, assignee_id=assignee.pk if assignee else None,
                        local={"ticket": ticket})
    from webhooks.services import emit

    emit(event="ticket.routed", ticket=ticket)
    return decision


def ticket_assign_waiting(*, limit: int = 200) -> int:
    """Assign open, unassigned tickets of auto-assigning queues (agents came on shift, caps freed)."""
    from .models import QueueRouting

    queues = QueueRouting.objects.exclude(mode=QueueRouting.Mode.OFF).values_list("queue_id", flat=True)
    ids = list(Ticket.objects.filter(queue__in=list(queues), assignee__isnull=True,
                                     status__in=[Ticket.Status.NEW, Ticket.Status.OPEN])
               .order_by("id").values_list("id", flat=True)[:limit])
    return sum(_assign_one(ticket_id) for ticket_id in ids)


@transaction.atomic
def _assign_one(ticket_id: int) -> bool:
    ticket = Ticket.objects.select_for_update(skip_locked=True).filter(pk=ticket_id, assignee__isnull=True).first()
    if ticket is None:
        return False
    assignee = pick_assignee(ticket=ticket)
    if assignee is None:
        return False
    ticket_assign(actor=None, ticket=ticket, assignee=assignee)  # type: ignore[arg-type]
    RoutingDecision.objects.filter(ticket=ticket, assigned_at__isnull=True).update(assigned_at=timezone.now())
    outbox.enqueue("tickets.notify", ticket_id=ticket.pk, kind="assigned", occasion=f"assignee-{assignee.pk}",
                   user_id=assignee.pk)
    return True
