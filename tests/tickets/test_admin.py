"""Edits in Django admin go through the services: events, SLA pause and resume, e-mails."""

from django.core import mail
from django.urls import reverse

from routing.models import TicketSla
from routing.route import ticket_route
from tests.routing.test_sla import _FormFields
from tickets.models import Queue, Ticket, TicketEvent
from tickets.services import ticket_create


def _routed(cast) -> Ticket:  # noqa: ANN001
    ticket = ticket_create(actor=cast.alice, subject="Where is the export?", body="How do I export my orders?")
    ticket_route(ticket_id=ticket.pk)
    ticket.refresh_from_db()
    return ticket


def _save_in_admin(client, ticket: Ticket, **changes: object):  # noqa: ANN001, ANN202
    url = reverse("admin:tickets_ticket_change", args=[ticket.pk])
    form = _FormFields()
    form.feed(client.get(url).content.decode())
    data = {**form.data, **{k: [str(v)] for k, v in changes.items()}, "_save": ["Save"]}
    return client.post(url, data)


def test_status_queue_and_assignee_edited_in_admin_are_recorded_pause_the_clock_and_mail(
        cast, client, django_capture_on_commit_callbacks):
    ticket = _routed(cast)
    assert TicketSla.objects.get(ticket=ticket).paused_at is None
    client.force_login(cast.admin)
    licensing = Queue.objects.get(slug="licensing")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _save_in_admin(client, ticket, status=Ticket.Status.PENDING, queue=licensing.pk,
                                  assignee=cast.agent.pk, subject="Where is the CSV export?")
    assert response.status_code == 302, response.content.decode()[:3000]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.queue, ticket.assignee, ticket.subject) == (
        Ticket.Status.PENDING, licensing, cast.agent, "Where is the CSV export?")
    events = {e.kind: e for e in ticket.events.filter(actor=cast.admin)}
    assert events[TicketEvent.Kind.STATUS].data == {"old": "new", "new": "pending"}
    assert events[TicketEvent.Kind.QUEUE].data["new"] == str(licensing)
    assert events[TicketEvent.Kind.ASSIGNEE].data["new"] == cast.agent.username
    assert TicketSla.objects.get(ticket=ticket).paused_at is not None  # waiting for the merchant
    assert [m.to for m in mail.outbox if ticket.reference in m.subject] == [[cast.alice.email]]  # waiting for you

    with django_capture_on_commit_callbacks(execute=True):
        assert _save_in_admin(client, ticket, status=Ticket.Status.OPEN).status_code == 302
    assert TicketSla.objects.get(ticket=ticket).paused_at is None  # resumed


def test_admin_refuses_an_impossible_status_and_a_merchant_assignee(cast, client):
    ticket = _routed(cast)
    client.force_login(cast.admin)
    Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.CLOSED)
    response = _save_in_admin(client, ticket, status=Ticket.Status.PENDING, assignee=cast.amir.pk)
    assert response.status_code == 200  # the form again, with the errors
    page = response.content.decode()
    assert "A ticket cannot go from Closed to Pending merchant." in page
    assert "support staff only" in page or "Select a valid choice" in page  # the merchant as assignee
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee) == (Ticket.Status.CLOSED, None)
    assert not ticket.events.filter(actor=cast.admin).exists()
