from datetime import timedelta

from django.utils import timezone

from routing import businesstime
from routing.models import SlaPolicy, TicketSla
from routing.selectors import calendar_by_id
from tickets.models import Ticket
from tickets.services import message_create, ticket_change_status, ticket_create


def new_ticket(cast) -> Ticket:  # noqa: ANN001
    return ticket_create(actor=cast.alice, subject="Where is the export?", body="How do I export my orders?")


def test_a_new_ticket_gets_due_times_from_its_policy(cast):
    ticket = new_ticket(cast)
    sla = TicketSla.objects.get(ticket=ticket)
    assert sla.policy == SlaPolicy.objects.get(priority=ticket.priority, plan="")
    assert ticket.first_response_due_at == sla.first_response_due_at
    assert sla.first_response_warn_at < sla.first_response_due_at < sla.resolution_due_at
    assert Ticket.objects.get(pk=ticket.pk).resolution_due_at == sla.resolution_due_at


def test_the_merchants_plan_chooses_a_more_specific_policy(cast):
    cast.alpine.support_plan = "priority"
    cast.alpine.save()
    sla = TicketSla.objects.get(ticket=new_ticket(cast))
    assert sla.policy.plan == "priority"


def test_the_clock_pauses_while_waiting_for_the_merchant_and_resumes_on_reply(cast):
    ticket = new_ticket(cast)
    due = TicketSla.objects.get(ticket=ticket).resolution_due_at
    message_create(actor=cast.agent, ticket=ticket, body="Which version do you run?")
    sla = TicketSla.objects.get(ticket=ticket)
    assert sla.paused_at is not None and sla.first_response_met_at is not None
    paused_from = sla.paused_at - timedelta(hours=30)
    TicketSla.objects.filter(pk=sla.pk).update(paused_at=paused_from)
    message_create(actor=cast.alice, ticket=ticket, body="Version 5.2.")
    resumed_by = timezone.now()
    sla = TicketSla.objects.get(ticket=ticket)
    assert sla.paused_at is None and Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.OPEN
    # The wait counts in business time only: how much of 30 hours that is depends on the hour of the
    # day the test runs, but it always holds one whole day of the 12-hour, seven-day calendar.
    waited = businesstime.minutes_between(calendar_by_id(sla.calendar_id), paused_from, resumed_by)
    assert abs(sla.paused_minutes - waited) <= 1
    assert sla.paused_minutes >= 12 * 60
    assert sla.resolution_due_at > due + timedelta(hours=12)
    assert Ticket.objects.get(pk=ticket.pk).resolution_due_at == sla.resolution_due_at


def test_resolving_stops_the_clock(cast):
    ticket = new_ticket(cast)
    ticket_change_status(actor=cast.agent, ticket=ticket, status=Ticket.Status.RESOLVED)
    assert TicketSla.objects.get(ticket=ticket).paused_at <= timezone.now()
