"""Agents see SLA due times and breach badges; merchants do not."""

from django.urls import reverse

from routing.models import TicketSla
from routing.route import ticket_route
from tickets.models import Ticket
from tickets.services import ticket_create


def test_agents_see_due_times_and_breaches_merchants_do_not(client, cast):
    ok = ticket_create(actor=cast.alice, subject="Fine", body="How do I export my orders?")
    late = ticket_create(actor=cast.alice, subject="Late", body="How do I import my orders?")
    for ticket in (ok, late):
        ticket_route(ticket_id=ticket.pk)  # what the worker does next: route and plan the clocks
    Ticket.objects.filter(pk=late.pk).update(first_response_due_at="2020-01-01T00:00Z")
    TicketSla.objects.filter(ticket=late).update(first_response_due_at="2020-01-01T00:00Z")
    client.force_login(cast.agent)
    listing = client.get(reverse("tickets:list")).content.decode()
    assert listing.count('data-testid="sla"') == 2 and listing.count("SLA breached") == 1
    page = client.get(reverse("tickets:detail", args=[ok.pk]), follow=True).content.decode()
    assert "First response" in page and "SLA breached" not in page
    client.force_login(cast.alice)
    assert 'data-testid="sla"' not in client.get(reverse("tickets:list")).content.decode()
