"""From the API's 201 to a classified, routed and assigned ticket, by a real worker over Redis."""

from datetime import time

import pytest

from routing.models import AgentProfile, QueueRouting, RoutingDecision, Shift
from tests import factories
from tests.integration.conftest import mails_sent, wait_for
from tickets.models import Notification, Queue, Ticket

pytestmark = pytest.mark.redis
BUG = {"subject": "Checkout error 500",
       "body": "Since the update the checkout shows an error 500 and orders fail. Looks like a bug."}


@pytest.fixture
def on_duty(cast):  # noqa: ANN001
    """Anna works the technical queue around the clock; the queue assigns least-loaded."""
    anna = factories.StaffFactory(username="anna", role="agent")
    profile = AgentProfile.objects.create(user=anna, time_zone="UTC")
    Shift.objects.bulk_create([Shift(profile=profile, weekday=d, starts=time(0), ends=time(0)) for d in range(7)])
    queue = Queue.objects.get(slug="technical")
    queue.agents.add(anna)
    QueueRouting.objects.update_or_create(queue=queue, defaults={"mode": QueueRouting.Mode.LEAST_LOADED})
    return anna


def test_a_ticket_from_the_api_is_routed_assigned_and_mailed_by_the_worker(worker, cast, api_as, on_duty):
    response = api_as(cast.alice).post("/api/v1/tickets/", BUG, format="multipart")
    assert response.status_code == 201
    ticket_id = response.json()["id"]
    decision = wait_for(lambda: RoutingDecision.objects.filter(ticket_id=ticket_id).first())
    ticket = Ticket.objects.get(pk=ticket_id)
    assert (ticket.queue.slug, ticket.priority, ticket.assignee) == ("technical", Ticket.Priority.URGENT, on_duty)
    assert decision.assigned_at is not None and ticket.first_response_due_at is not None
    wait_for(lambda: Notification.objects.filter(ticket_id=ticket_id, sent_at__isnull=False).count() == 2)
    sent = mails_sent(worker.mail_dir)
    assert sum("We received your request" in m for m in sent) == 1
    assert sum("Assigned to you" in m and on_duty.email in m for m in sent) == 1
