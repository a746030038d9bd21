"""/api/v1/tickets/{id}/messages/ and /attachments/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.tickets.files import png, text_file
from tickets import services
from tickets.models import Attachment, Message, Ticket

pytestmark = pytest.mark.django_db
S = Ticket.Status


@pytest.fixture
def ticket(cast):
    ticket = services.ticket_create(actor=cast.alice, subject="Checkout fails", body="Pay button dead")
    services.message_create(actor=cast.agent, ticket=ticket, body="Which version?")
    services.message_create(
        actor=cast.agent,
        ticket=ticket,
        body="Merchant runs a custom theme",
        internal=True,
        uploads=[text_file("note.txt")],
    )
    return ticket


def messages_url(ticket: Ticket) -> str:
    return f"/api/v1/tickets/{ticket.pk}/messages/"


class TestReadingMessages:
    def test_merchant_sees_public_replies_but_never_internal_notes(self, cast, api_as, ticket):
        body = api_as(cast.amir).get(messages_url(ticket)).json()
        assert [(m["kind"], m["body"]) for m in body] == [("reply", "Which version?")]
        assert "note.txt" not in str(body) and "custom theme" not in str(body)

    def test_agent_sees_replies_and_notes_with_their_files(self, cast, api_as, ticket):
        body = api_as(cast.agent).get(messages_url(ticket)).json()
        assert [m["kind"] for m in body] == ["reply", "note"]
        assert body[1]["attachments"][0]["name"] == "note.txt" and body[0]["author_is_staff"] is True

    def test_the_ticket_lists_only_its_own_files_not_those_of_notes(self, cast, api_as, ticket):
        assert api_as(cast.alice).get(f"/api/v1/tickets/{ticket.pk}/").json()["attachments"] == []

    def test_merchant_cannot_download_a_notes_file_through_its_url(self, cast, api_as, client, ticket):
        url = api_as(cast.agent).get(messages_url(ticket)).json()[1]["attachments"][0]["download_url"]
        client.force_login(cast.alice)
        assert client.get(url).status_code == 404
        client.force_login(cast.agent)
        assert client.get(url).status_code == 200


class TestPostingMessages:
    def test_merchant_reply_reopens_a_pending_ticket(self, cast, api_as, ticket):
        response = api_as(cast.alice).post(messages_url(ticket), {"body": "Version 7.2"}, format="json")
        assert response.status_code == 201
        assert (response.json()["author"], response.json()["channel"]) == ("alice", "api")
        ticket.refresh_from_db()
        assert ticket.status == S.OPEN

    def test_merchant_reply_reopens_a_resolved_ticket(self, cast, api_as, ticket):
        services.ticket_change_status(actor=cast.agent, ticket=ticket, status=S.RESOLVED)
        api_as(cast.alice).post(messages_url(ticket), {"body": "Not fixed"}, format="json")
        ticket.refresh_from_db()
        assert ticket.status == S.OPEN

    def test_agent_public_reply_sets_first_response_and_pending(self, cast, api_as):
        fresh = services.ticket_create(actor=cast.alice, subject="New", body="Hello")
        response = api_as(cast.agent).post(messages_url(fresh), {"body": "Hi there"}, format="json")
        assert response.status_code == 201
        fresh.refresh_from_db()
        assert fresh.status == S.PENDING and fresh.first_response_at is not None

    def test_agent_internal_note_is_hidden_from_the_merchant(self, cast, api_as, ticket):
        api_as(cast.agent).post(messages_url(ticket), {"body": "Escalate to dev", "internal": True}, format="json")
        assert "Escalate" not in str(api_as(cast.alice).get(messages_url(ticket)).json())

    @pytest.mark.parametrize("field", ["internal", "status"])
    def test_merchant_cannot_send_internal_or_status(self, cast, api_as, ticket, field):
        response = api_as(cast.alice).post(messages_url(ticket), {"body": "psst", field: True}, format="json")
        assert response.status_code == 400 and list(response.json()["error"]["fields"]) == [field]
        assert ticket.messages.count() == 2

    def test_a_reply_with_a_file_is_sent_as_multipart(self, cast, api_as, ticket):
        response = api_as(cast.alice).post(
            messages_url(ticket), {"body": "See screenshot", "attachments": [png()]}, format="multipart"
        )
        assert response.status_code == 201
        assert [a["name"] for a in response.json()["attachments"]] == ["screenshot.png"]

    def test_an_empty_reply_is_a_400_on_body(self, cast, api_as, ticket):
        response = api_as(cast.alice).post(messages_url(ticket), {"body": "  "}, format="json")
        assert response.status_code == 400 and "body" in response.json()["error"]["fields"]
        assert not Message.objects.filter(author=cast.alice).exists()


class TestUploadingAttachments:
    def test_merchant_adds_files_to_their_ticket(self, cast, api_as, ticket):
        response = api_as(cast.amir).post(
            f"/api/v1/tickets/{ticket.pk}/attachments/",
            {"attachments": [png(), text_file()]},
            format="multipart",
        )
        assert response.status_code == 201
        assert [(a["name"], a["content_type"]) for a in response.json()] == [
            ("screenshot.png", "image/png"),
            ("error.log", "text/plain"),
        ]
        detail = api_as(cast.alice).get(f"/api/v1/tickets/{ticket.pk}/").json()
        assert len(detail["attachments"]) == 2

    def test_the_download_url_serves_the_file_as_an_attachment(self, cast, api_as, client, ticket):
        uploaded = (
            api_as(cast.alice)
            .post(f"/api/v1/tickets/{ticket.pk}/attachments/", {"attachments": [png()]}, format="multipart")
            .json()[0]
        )
        client.force_login(cast.amir)
        response = client.get(uploaded["download_url"])
        assert (
            response["Content-Disposition"].startswith("attachment") and response["X-Content-Type-Options"] == "nosniff"
        )
        client.force_login(cast.bruno)
        assert client.get(uploaded["download_url"]).status_code == 404

    def test_a_token_client_downloads_the_file_and_another_merchant_gets_404(self, cast, api_as, ticket):
        uploaded = (
            api_as(cast.alice)
            .post(f"/api/v1/tickets/{ticket.pk}/attachments/", {"attachments": [png()]}, format="multipart")
            .json()[0]
        )
        assert uploaded["download_url"] == f"/api/v1/tickets/{ticket.pk}/attachments/{uploaded['id']}/"
        response = api_as(cast.amir).get(uploaded["download_url"])
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert api_as(cast.bruno).get(uploaded["download_url"]).status_code == 404

    def test_no_files_is_a_400_on_attachments(self, cast, api_as, ticket):
        response = api_as(cast.alice).post(f"/api/v1/tickets/{ticket.pk}/attachments/", {}, format="multipart")
        assert response.status_code == 400 and "attachments" in response.json()["error"]["fields"]


def test_the_thread_costs_the_same_number_of_queries_for_5_and_25_messages(cast, api_as):
    ticket = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice)
    client = api_as(cast.agent)

    def add(count: int) -> None:
        for index in range(count):
            message = factories.MessageFactory(ticket=ticket, author=(cast.alice, cast.agent)[index % 2])
            Attachment.objects.create(
                ticket=ticket,
                message=message,
                uploaded_by=cast.alice,
                file="x/a.txt",
                original_name="a.txt",
                content_type="text/plain",
                size=1,
                sha256="0",
            )

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(messages_url(ticket))
        return len(ctx.captured_queries), len(response.json())

    add(5)
    five, rows = queries()
    add(20)
    assert rows == 5 and queries() == (five, 25)
