"""Claiming: "get next ticket" and "assign to me", in the desk and in the API."""

from datetime import timedelta

import pytest

from tests.desk.queue_support import queue, restrict, ticket
from tickets.models import TicketEvent

pytestmark = pytest.mark.django_db
CLAIM_NEXT = "/api/v1/tickets/claim-next/"


def claim_url(t) -> str:  # noqa: ANN001
    return f"/api/v1/tickets/{t.pk}/claim/"


class TestClaimNextApi:
    def test_claims_the_most_urgent_unassigned_ticket_and_records_it(self, cast, api_as):
        ticket(cast, due_in=timedelta(hours=5))
        urgent = ticket(cast, due_in=timedelta(minutes=10))
        ticket(cast, due_in=timedelta(minutes=1), assignee=cast.supervisor)
        ticket(cast, due_in=timedelta(minutes=1), status="pending")
        response = api_as(cast.agent).post(CLAIM_NEXT)
        assert response.status_code == 200
        body = response.json()
        assert body["id"] == urgent.pk and body["assignee"] == "agent" and body["reference"] == urgent.reference
        assert {"subject", "status", "priority", "merchant", "scope", "attachments"} <= set(body)
        event = urgent.events.get(kind=TicketEvent.Kind.ASSIGNEE)
        assert (event.actor, event.data["new"]) == (cast.agent, "agent")

    def test_tickets_without_a_due_time_come_last_and_then_nothing_is_left(self, cast, api_as):
        undated = ticket(cast, due_in=None)
        dated = ticket(cast, due_in=timedelta(days=3))
        client = api_as(cast.agent)
        assert [client.post(CLAIM_NEXT).json()["id"] for _ in range(2)] == [dated.pk, undated.pk]
        response = client.post(CLAIM_NEXT)
        assert response.status_code == 204 and response.content == b""

    def test_only_the_agents_own_queues_when_they_have_some(self, cast, api_as):
        tech = queue("technical")
        tech.agents.add(cast.agent)
        ticket(cast, q=queue("general"), due_in=timedelta(minutes=1))
        in_tech = ticket(cast, q=tech, due_in=timedelta(hours=3))
        assert api_as(cast.agent).post(CLAIM_NEXT).json()["id"] == in_tech.pk

    def test_restricted_agents_never_claim_other_queues_tickets(self, cast, api_as):
        restrict(cast.agent, queue("technical"))
        ticket(cast, q=queue("general"))
        ticket(cast)
        assert api_as(cast.agent).post(CLAIM_NEXT).status_code == 204

    def test_merchants_cannot_claim(self, cast, api_as):
        ticket(cast)
        response = api_as(cast.alice).post(CLAIM_NEXT)
        assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"


class TestClaimOneApi:
    def test_claims_a_free_ticket_and_again_is_harmless(self, cast, api_as):
        t = ticket(cast)
        client = api_as(cast.agent)
        assert client.post(claim_url(t)).json()["assignee"] == "agent"
        assert client.post(claim_url(t)).status_code == 200
        assert t.events.filter(kind="assignee").count() == 1

    def test_someone_elses_ticket_is_a_409_in_the_one_error_shape(self, cast, api_as):
        t = ticket(cast, assignee=cast.supervisor)
        response = api_as(cast.agent).post(claim_url(t))
        assert response.status_code == 409
        error = response.json()["error"]
        assert error["code"] == "already_claimed" and "super" in error["message"]
        t.refresh_from_db()
        assert t.assignee == cast.supervisor

    def test_an_invisible_ticket_is_404(self, cast, api_as):
        restrict(cast.agent, queue("technical"))
        hidden = ticket(cast, q=queue("general"))
        assert api_as(cast.agent).post(claim_url(hidden)).status_code == 404
        assert api_as(cast.bruno).post(claim_url(hidden)).status_code == 404


class TestDesk:
    def test_get_next_lands_on_the_claimed_ticket(self, cast, client):
        t = ticket(cast)
        client.force_login(cast.agent)
        response = client.post("/desk/claim-next/", {"next": "/desk/"})
        assert response.status_code == 302 and response.url == f"/desk/tickets/{t.pk}/"
        t.refresh_from_db()
        assert t.assignee == cast.agent

    def test_get_next_with_nothing_left_says_so(self, cast, client):
        client.force_login(cast.agent)
        response = client.post("/desk/claim-next/", {"next": "/desk/?view=mine"}, follow=True)
        assert response.redirect_chain[-1][0] == "/desk/?view=mine"
        assert "Nothing left to pick up" in response.content.decode()

    def test_assign_to_me_refuses_someone_elses_ticket(self, cast, client):
        t = ticket(cast, assignee=cast.supervisor)
        client.force_login(cast.agent)
        response = client.post(f"/desk/claim/{t.pk}/", {"next": "https://evil.example/"}, follow=True)
        assert response.redirect_chain[-1][0] == "/desk/"
        assert "already assigned to super" in response.content.decode()
