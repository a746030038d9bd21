from datetime import timedelta

from django.utils import timezone

from routing.autoclose import tickets_auto_close
from tickets.models import Ticket, TicketEvent
from tickets.services import ticket_change_status, ticket_create


def test_resolved_tickets_close_after_the_quiet_days(cast, settings):
    settings.ROUTING_AUTO_CLOSE_DAYS = 3
    old = ticket_create(actor=cast.alice, subject="Old", body="How do I export my orders?")
    fresh = ticket_create(actor=cast.alice, subject="Fresh", body="How do I export my orders?")
    for ticket in (old, fresh):
        ticket_change_status(actor=cast.agent, ticket=ticket, status=Ticket.Status.RESOLVED)
    Ticket.objects.filter(pk=old.pk).update(resolved_at=timezone.now() - timedelta(days=4))
    assert tickets_auto_close() == 1
    assert tickets_auto_close() == 0
    assert Ticket.objects.get(pk=old.pk).status == Ticket.Status.CLOSED
    assert Ticket.objects.get(pk=fresh.pk).status == Ticket.Status.RESOLVED
    assert old.events.filter(kind=TicketEvent.Kind.STATUS, data__new="closed").count() == 1
