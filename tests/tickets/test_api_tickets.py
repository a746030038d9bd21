"""/api/v1/tickets/: list, read, create, edit, close and reopen."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from tests import factories
from tickets import services
from tickets.models import Tag, Ticket, TicketEvent

pytestmark = pytest.mark.django_db
S = Ticket.Status
TICKETS = "/api/v1/tickets/"


@pytest.fixture
def bergamo_ticket(cast):
    return services.ticket_create(actor=cast.bruno, subject="Bergamo's question", body="Where are my books?")


def endpoints(ticket: Ticket) -> list[tuple[str, str, dict]]:
    """Every endpoint that reads or changes one ticket: (method, url, data)."""
    base = f"{TICKETS}{ticket.pk}/"
    return [
        ("get", base, {}),
        ("patch", base, {"subject": "Hijacked"}),
        ("get", f"{base}messages/", {}),
        ("post", f"{base}messages/", {"body": "Hijacked"}),
        ("post", f"{base}attachments/", {}),
        ("post", f"{base}close/", {}),
        ("post", f"{base}reopen/", {}),
    ]


ENDPOINT_IDS = ["retrieve", "patch", "messages-get", "messages-post", "attachments", "close", "reopen"]


def call(client: APIClient, method: str, url: str, data: dict):
    return getattr(client, method)(url, data, format="json")


class TestOwnership:
    @pytest.mark.parametrize("index", range(7), ids=ENDPOINT_IDS)
    def test_merchant_gets_404_for_another_merchants_ticket(self, cast, api_as, bergamo_ticket, index):
        response = call(api_as(cast.alice), *endpoints(bergamo_ticket)[index])
        assert response.status_code == 404
        assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}
        bergamo_ticket.refresh_from_db()
        assert bergamo_ticket.subject == "Bergamo's question" and bergamo_ticket.status == S.NEW
        assert not bergamo_ticket.messages.exists()

    @pytest.mark.parametrize("index", range(7), ids=ENDPOINT_IDS)
    def test_anonymous_user_gets_401(self, api, bergamo_ticket, index):
        response = call(api, *endpoints(bergamo_ticket)[index])
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_authenticated"

    @pytest.mark.parametrize("index", range(7), ids=ENDPOINT_IDS)
    def test_agent_restricted_to_queues_gets_404_outside_them(self, cast, api_as, bergamo_ticket, index):
        cast.agent.restrict_to_queues = True
        cast.agent.save()
        assert call(api_as(cast.agent), *endpoints(bergamo_ticket)[index]).status_code == 404

    @pytest.mark.parametrize("url", [TICKETS, "/api/v1/me/"])
    def test_anonymous_user_gets_401_on_lists(self, api, url):
        assert api.get(url).status_code == 401
        assert api.post(TICKETS, {"subject": "s", "body": "b"}, format="json").status_code == 401

    def test_merchant_lists_only_their_merchants_tickets(self, cast, api_as, bergamo_ticket):
        alpine = [factories.TicketFactory(merchant=cast.alpine, requester=u) for u in (cast.alice, cast.amir)]
        results = api_as(cast.amir).get(TICKETS).json()["results"]
        assert [row["id"] for row in results] == [alpine[1].pk, alpine[0].pk]

    def test_agent_lists_every_ticket_unless_restricted_to_queues(self, cast, api_as, bergamo_ticket):
        queue = factories.QueueFactory(slug="technical")
        queue.agents.add(cast.agent)
        in_queue = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, queue=queue)
        client = api_as(cast.agent)
        assert {row["id"] for row in client.get(TICKETS).json()["results"]} == {
            in_queue.pk,
            bergamo_ticket.pk,
        }
        cast.agent.restrict_to_queues = True
        cast.agent.save()
        assert [row["id"] for row in client.get(TICKETS).json()["results"]] == [in_queue.pk]

    def test_a_ticket_of_my_merchant_is_readable(self, cast, api_as, bergamo_ticket):
        body = api_as(cast.bruno).get(f"{TICKETS}{bergamo_ticket.pk}/").json()
        assert body["reference"] == bergamo_ticket.reference and body["merchant"] == "Bergamo Books"

    def test_a_merchant_does_not_see_an_unsure_verdict_that_staff_see(self, cast, api_as, bergamo_ticket):
        Ticket.objects.filter(pk=bergamo_ticket.pk).update(scope_verdict="restricted", scope_topics=["domains-ssl"],
                                                           scope_confidence=0.55, needs_review=True)
        url = f"{TICKETS}{bergamo_ticket.pk}/"
        merchant_view = api_as(cast.bruno).get(url).json()["scope"]
        staff_view = api_as(cast.agent).get(url).json()["scope"]
        assert merchant_view == {"verdict": None, "topics": [], "confidence": None, "needs_review": True}
        assert staff_view["verdict"] == "restricted" and staff_view["topics"] == ["domains-ssl"]

    def test_a_merchant_sees_a_decided_verdict(self, cast, api_as, bergamo_ticket):
        Ticket.objects.filter(pk=bergamo_ticket.pk).update(scope_verdict="restricted", scope_topics=["domains-ssl"],
                                                           scope_confidence=0.95, needs_review=False)
        scope = api_as(cast.bruno).get(f"{TICKETS}{bergamo_ticket.pk}/").json()["scope"]
        assert scope["verdict"] == "restricted" and scope["topics"] == ["domains-ssl"]


class TestCreate:
    def test_merchant_opens_a_ticket(self, cast, api_as):
        response = api_as(cast.alice).post(TICKETS, {"subject": "Checkout fails", "body": "**Help**"}, format="json")
        assert response.status_code == 201
        body = response.json()
        ticket = Ticket.objects.get()
        assert body["id"] == ticket.pk and body["reference"] == f"IXXO-{ticket.pk:06d}"
        assert (body["status"], body["channel"], body["requester"]) == ("new", "api", "alice")
        assert body["body_html"] == "<p><strong>Help</strong></p>"

    def test_merchant_with_an_expired_licence_gets_403_licence_inactive(self, cast, api_as):
        response = api_as(cast.carla).post(TICKETS, {"subject": "Hi", "body": "Help"}, format="json")
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "licence_inactive"
        assert "active IXXO licence" in response.json()["error"]["message"]
        assert not Ticket.objects.exists()

    def test_merchant_with_an_expired_licence_still_reads_old_tickets(self, cast, api_as):
        old = factories.TicketFactory(merchant=cast.coastal, requester=cast.carla)
        assert api_as(cast.carla).get(f"{TICKETS}{old.pk}/").status_code == 200

    @pytest.mark.parametrize("field", ["status", "queue", "assignee", "merchant", "priority", "requester"])
    def test_merchant_cannot_send_staff_fields(self, cast, api_as, field):
        data = {"subject": "Hi", "body": "Help", field: "x"}
        response = api_as(cast.alice).post(TICKETS, data, format="json")
        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {field: ["Unknown or read-only field."]}
        assert not Ticket.objects.exists()

    def test_agent_opens_a_ticket_for_a_merchant_with_priority(self, cast, api_as):
        response = api_as(cast.agent).post(
            TICKETS,
            {
                "subject": "Phone call",
                "body": "Called about VAT",
                "merchant": cast.bergamo.pk,
                "channel": "phone",
                "priority": "high",
            },
            format="json",
        )
        assert response.status_code == 201
        body = response.json()
        assert (body["merchant_id"], body["requester"], body["priority"], body["channel"]) == (
            cast.bergamo.pk,
            "bruno",
            "high",
            "phone",
        )

    def test_agent_must_name_the_merchant(self, cast, api_as):
        response = api_as(cast.agent).post(TICKETS, {"subject": "Hi", "body": "Help"}, format="json")
        assert response.status_code == 400 and "merchant" in response.json()["error"]["fields"]


class TestUpdate:
    def test_merchant_edits_the_subject(self, cast, api_as, bergamo_ticket):
        response = api_as(cast.bruno).patch(
            f"{TICKETS}{bergamo_ticket.pk}/", {"subject": "Missing books"}, format="json"
        )
        assert response.status_code == 200 and response.json()["subject"] == "Missing books"
        assert bergamo_ticket.events.filter(kind=TicketEvent.Kind.FIELDS).exists()

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("status", "closed"),
            ("queue", "technical"),
            ("assignee", "agent"),
            ("priority", "urgent"),
            ("tags", ["x"]),
        ],
    )
    def test_merchant_cannot_change_staff_fields(self, cast, api_as, bergamo_ticket, field, value):
        events = bergamo_ticket.events.count()
        response = api_as(cast.bruno).patch(f"{TICKETS}{bergamo_ticket.pk}/", {field: value}, format="json")
        assert response.status_code == 400
        assert list(response.json()["error"]["fields"]) == [field]
        assert bergamo_ticket.events.count() == events

    def test_agent_changes_status_priority_queue_assignee_and_tags(self, cast, api_as, bergamo_ticket):
        response = api_as(cast.agent).patch(
            f"{TICKETS}{bergamo_ticket.pk}/",
            {
                "status": "on_hold",
                "priority": "urgent",
                "queue": "technical",
                "assignee": "agent",
                "tags": ["shipping"],
            },
            format="json",
        )
        assert response.status_code == 200
        body = response.json()
        assert (body["status"], body["priority"], body["queue"], body["assignee"], body["tags"]) == (
            "on_hold",
            "urgent",
            "technical",
            "agent",
            ["shipping"],
        )

    def test_an_illegal_transition_is_a_400_on_status(self, cast, api_as, bergamo_ticket):
        Ticket.objects.update(status=S.CLOSED)
        response = api_as(cast.agent).patch(f"{TICKETS}{bergamo_ticket.pk}/", {"status": "pending"}, format="json")
        assert response.status_code == 400
        assert "cannot go from Closed" in response.json()["error"]["fields"]["status"][0]

    def test_an_empty_subject_is_a_400_on_subject(self, cast, api_as, bergamo_ticket):
        response = api_as(cast.bruno).patch(f"{TICKETS}{bergamo_ticket.pk}/", {"subject": ""}, format="json")
        assert response.status_code == 400 and "subject" in response.json()["error"]["fields"]


class TestCloseAndReopen:
    def test_merchant_closes_and_reopens_and_each_change_is_recorded(self, cast, api_as, bergamo_ticket):
        client = api_as(cast.bruno)
        assert client.post(f"{TICKETS}{bergamo_ticket.pk}/close/").json()["status"] == "closed"
        assert client.post(f"{TICKETS}{bergamo_ticket.pk}/reopen/").json()["status"] == "open"
        changes = [(e.data["old"], e.data["new"]) for e in bergamo_ticket.events.filter(kind="status")]
        assert changes == [("new", "closed"), ("closed", "open")]

    def test_closing_a_closed_ticket_changes_nothing(self, cast, api_as, bergamo_ticket):
        client = api_as(cast.bruno)
        client.post(f"{TICKETS}{bergamo_ticket.pk}/close/")
        assert client.post(f"{TICKETS}{bergamo_ticket.pk}/close/").status_code == 200
        assert bergamo_ticket.events.filter(kind="status").count() == 1


class TestListing:
    def test_cursor_pagination_walks_every_ticket_once(self, cast, api_as):
        made = factories.TicketFactory.create_batch(7, merchant=cast.alpine, requester=cast.alice)
        client, url, seen = api_as(cast.alice), f"{TICKETS}?page_size=3", []
        while url:
            page = client.get(url).json()
            seen += [row["id"] for row in page["results"]]
            url = page["next"]
        assert seen == sorted((t.pk for t in made), reverse=True)

    def test_filters_by_status_priority_queue_and_created_range(self, cast, api_as):
        queue = factories.QueueFactory(slug="technical")
        now = timezone.now()
        hit = factories.TicketFactory(
            merchant=cast.alpine,
            requester=cast.alice,
            status=S.PENDING,
            priority=3,
            queue=queue,
            created_at=now - timedelta(days=1),
        )
        factories.TicketFactory(
            merchant=cast.alpine,
            requester=cast.alice,
            status=S.PENDING,
            priority=3,
            queue=queue,
            created_at=now - timedelta(days=9),
        )
        factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, status=S.OPEN, priority=3, queue=queue)
        factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, status=S.PENDING, priority=2)
        client = api_as(cast.alice)

        def ids(**params) -> list[int]:
            response = client.get(TICKETS, params)
            assert response.status_code == 200, response.json()
            return [row["id"] for row in response.json()["results"]]

        assert hit.pk in ids(status="pending") and len(ids(status="pending")) == 3
        assert len(ids(status=["pending", "open"])) == 4
        assert ids(
            status="pending",
            priority="high",
            queue="technical",
            created_after=(now - timedelta(days=3)).isoformat(),
            created_before=now.isoformat(),
        ) == [hit.pk]

    def test_searches_text_and_reference(self, cast, api_as):
        paypal = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, subject="PayPal refund")
        other = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, subject="Shipping")
        client = api_as(cast.alice)
        assert [r["id"] for r in client.get(TICKETS, {"search": "paypal"}).json()["results"]] == [paypal.pk]
        assert [r["id"] for r in client.get(TICKETS, {"search": other.reference}).json()["results"]] == [other.pk]

    @pytest.mark.parametrize(
        "params", [{"status": "archived"}, {"priority": "extreme"}, {"created_after": "yesterday"}]
    )
    def test_a_bad_filter_is_a_400_naming_it(self, cast, api_as, params):
        response = api_as(cast.alice).get(TICKETS, params)
        assert response.status_code == 400 and list(response.json()["error"]["fields"]) == list(params)

    @pytest.mark.parametrize("who", ["alice", "agent"])
    def test_the_list_costs_the_same_number_of_queries_for_5_and_25_tickets(self, cast, api_as, who):
        client = api_as(getattr(cast, who))
        queue = factories.QueueFactory(slug="technical")

        def make(count: int) -> None:
            for ticket in factories.TicketFactory.create_batch(
                count, merchant=cast.alpine, requester=cast.amir, queue=queue, assignee=cast.agent
            ):
                ticket.tags.add(Tag.objects.get_or_create(name=f"t{ticket.pk}")[0])

        def queries() -> tuple[int, int]:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(TICKETS)
            assert response.status_code == 200
            return len(ctx.captured_queries), len(response.json()["results"])

        make(5)
        five, rows = queries()
        assert rows == 5
        make(20)
        assert queries() == (five, 25)
