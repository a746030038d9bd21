"""From the API's 201 to a classified, routed and assigned ticket, by a real worker over Redis."""

import pytest

from routing.models import RoutingDecision
from tests.integration.conftest import mails_sent, wait_for
from tickets.models import Notification, Ticket

pytestmark = pytest.mark.redis
BUG = {"subject": "Checkout error 500",
       "body": "Since the update the checkout shows an error 500 and orders fail. Looks like a bug."}


def test_a_ticket_from_the_api_is_routed_assigned_and_mailed_by_the_worker(worker, cast, api_as, on_duty):
    response = api_as(cast.alice).post("/api/v1/tickets/", BUG, format="multipart")
    assert response.status_code == 201
    ticket_id = response.json()["id"]
    decision = wait_for(lambda: RoutingDecision.objects.filter(ticket_id=ticket_id).first())
    ticket = Ticket.objects.get(pk=ticket_id)
    assert (ticket.queue.slug, ticket.priority, ticket.assignee) == ("technical", Ticket.Priority.URGENT, on_duty)
    assert decision.assigned_at is not None and ticket.first_response_due_at is not None
    wait_for(lambda: Notification.objects.filter(ticket_id=ticket_id, sent_at__isnull=False).count() == 2)
    sent = [m for m in mails_sent(worker.mail_dir) if ticket.reference in m]  # the burst's tickets are mailed too
    assert sum("We received your request" in m for m in sent) == 1
    assert sum("Assigned to you" in m and on_duty.email in m for m in sent) == 1
