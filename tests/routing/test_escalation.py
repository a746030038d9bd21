from datetime import timedelta

from django.core import mail
from django.utils import timezone

from routing.escalation import escalation_scan
from routing.models import Escalation, SlaPolicy, TicketSla
from routing.route import ticket_route
from tickets.models import Queue, Ticket, TicketEvent
from tickets.services import message_create, ticket_create


def routed_ticket(cast) -> Ticket:  # noqa: ANN001
    """A new ticket as the worker leaves it: routed, with its clocks planned."""
    ticket = ticket_create(actor=cast.alice, subject="Export", body="How do I export my orders?")
    ticket_route(ticket_id=ticket.pk)
    return ticket


def overdue_ticket(cast, *, by: timedelta = timedelta(minutes=1), assignee=None) -> Ticket:  # noqa: ANN001
    ticket = routed_ticket(cast)
    Ticket.objects.filter(pk=ticket.pk).update(assignee=assignee)
    now = timezone.now()
    TicketSla.objects.filter(ticket=ticket).update(first_response_warn_at=now - by, first_response_due_at=now - by)
    return ticket


def test_the_assignee_is_warned_once_at_three_quarters(cast, django_capture_on_commit_callbacks):
    ticket = routed_ticket(cast)
    Ticket.objects.filter(pk=ticket.pk).update(assignee=cast.agent)
    sla = TicketSla.objects.get(ticket=ticket)
    with django_capture_on_commit_callbacks(execute=True):
        first = escalation_scan(now=sla.first_response_warn_at + timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        second = escalation_scan(now=sla.first_response_warn_at + timedelta(seconds=2))
    assert [w[0] for w in first.warned] == [ticket.pk] and not second.warned
    warnings = [m for m in mail.outbox if "SLA warning" in m.subject]
    assert len(warnings) == 1 and warnings[0].to == [cast.agent.email]
    assert not first.escalated


def test_a_breach_escalates_once_with_an_event(cast, django_capture_on_commit_callbacks):
    ticket = overdue_ticket(cast, assignee=cast.agent)
    priority = Ticket.objects.get(pk=ticket.pk).priority
    with django_capture_on_commit_callbacks(execute=True):
        result = escalation_scan()
        again = escalation_scan()
    assert len(result.escalated) == 1 and not again.escalated
    ticket.refresh_from_db()
    assert ticket.priority == priority + 1
    assert "sla-breached" in ticket.tags.values_list("name", flat=True)
    escalation = Escalation.objects.get(ticket=ticket)
    assert escalation.clock == "first_response" and escalation.actions["tag"] == "sla-breached"
    assert ticket.events.filter(kind=TicketEvent.Kind.SLA).count() == 1
    breach_mails = [m for m in mail.outbox if "SLA breached" in m.subject]
    assert sorted(r for m in breach_mails for r in m.to) == sorted([cast.agent.email, cast.supervisor.email])


def test_a_breach_that_raises_the_priority_replans_the_clocks_to_the_new_priority(cast,
                                                                                 django_capture_on_commit_callbacks):
    ticket = overdue_ticket(cast)
    before = TicketSla.objects.get(ticket=ticket)
    with django_capture_on_commit_callbacks(execute=True):
        escalation_scan()
    ticket.refresh_from_db()
    after = TicketSla.objects.get(ticket=ticket)
    assert ticket.priority == before.policy.priority + 1 == after.policy.priority
    assert after.resolution_minutes == after.policy.resolution_minutes < before.resolution_minutes
    assert after.resolution_due_at < before.resolution_due_at and ticket.resolution_due_at == after.resolution_due_at
    assert after.first_response_breached_at is not None  # the breach stays recorded: no second escalation


def test_a_policy_can_move_breached_tickets(cast):
    SlaPolicy.objects.update(breach_queue=Queue.objects.get(slug="technical"), breach_raise_priority=False)
    ticket = overdue_ticket(cast)
    escalation_scan()
    ticket.refresh_from_db()
    assert ticket.queue.slug == "technical" and ticket.priority == Ticket.Priority.NORMAL


def test_paused_and_answered_tickets_do_not_escalate(cast):
    answered = overdue_ticket(cast)
    message_create(actor=cast.agent, ticket=answered, body="Here is how.")  # first response met and pending
    assert not escalation_scan().escalated
    assert not Escalation.objects.exists()
