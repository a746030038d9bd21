"""`Idempotency-Key` on API POSTs (core/idempotency.py), exercised through the ticket endpoints."""

import pytest

from core.models import IdempotencyRecord
from tests.tickets.files import png
from tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db
TICKETS = "/api/v1/tickets/"
BODY = {"subject": "Checkout fails", "body": "The pay button does nothing."}


def post(client, data=BODY, key="key-1", url=TICKETS, **kwargs):
    return client.post(url, data, format=kwargs.pop("format", "json"), HTTP_IDEMPOTENCY_KEY=key, **kwargs)


def test_the_same_key_and_body_return_the_first_response_and_no_second_ticket(cast, api_as):
    client = api_as(cast.alice)
    first, second = post(client), post(client)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Ticket.objects.count() == 1


def test_the_same_key_with_a_different_body_is_a_422(cast, api_as):
    client = api_as(cast.alice)
    post(client)
    response = post(client, {**BODY, "subject": "Something else"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert Ticket.objects.count() == 1


def test_the_same_key_on_another_endpoint_is_a_422(cast, api_as):
    client = api_as(cast.alice)
    ticket_id = post(client).json()["id"]
    response = post(client, {"body": "hello"}, url=f"{TICKETS}{ticket_id}/messages/")
    assert response.status_code == 422 and not Message.objects.exists()


def test_different_keys_create_different_tickets(cast, api_as):
    client = api_as(cast.alice)
    post(client, key="a")
    post(client, key="b")
    assert Ticket.objects.count() == 2


def test_keys_belong_to_one_user(cast, api_as):
    post(api_as(cast.alice))
    response = post(api_as(cast.amir))
    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert Ticket.objects.count() == 2


def test_without_a_key_every_post_creates_a_ticket(cast, api_as):
    client = api_as(cast.alice)
    client.post(TICKETS, BODY, format="json")
    client.post(TICKETS, BODY, format="json")
    assert Ticket.objects.count() == 2 and not IdempotencyRecord.objects.exists()


def test_a_refused_request_is_not_remembered_so_the_key_can_be_retried(cast, api_as):
    client = api_as(cast.alice)
    assert post(client, {**BODY, "subject": ""}).status_code == 400
    assert not IdempotencyRecord.objects.exists()
    assert post(client, {**BODY, "subject": ""}).status_code == 400
    assert post(client, BODY).status_code == 201


def test_a_reply_with_the_same_key_is_posted_once(cast, api_as):
    client = api_as(cast.alice)
    ticket_id = client.post(TICKETS, BODY, format="json").json()["id"]
    url = f"{TICKETS}{ticket_id}/messages/"
    first, second = (
        post(client, {"body": "More detail"}, url=url),
        post(client, {"body": "More detail"}, url=url),
    )
    assert first.json() == second.json() and Message.objects.count() == 1


def test_a_replayed_upload_stores_the_file_once(cast, api_as):
    client = api_as(cast.alice)
    first = post(client, {**BODY, "attachments": [png()]}, format="multipart")
    second = post(client, {**BODY, "attachments": [png()]}, format="multipart")
    assert second.json() == first.json() and Ticket.objects.get().attachments.count() == 1


def test_a_different_file_under_the_same_name_and_size_is_a_different_request(cast, api_as):
    client = api_as(cast.alice)
    post(client, {**BODY, "attachments": [png(size=300)]}, format="multipart")
    other = png(size=300)
    other.file.seek(250)
    other.file.write(b"changed!")
    other.file.seek(0)
    response = post(client, {**BODY, "attachments": [other]}, format="multipart")
    assert response.status_code == 422


def test_a_key_longer_than_255_characters_is_refused(cast, api_as):
    response = post(api_as(cast.alice), key="k" * 256)
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["error"]["fields"]
    assert not Ticket.objects.exists()


def test_the_record_holds_the_first_response(cast, api_as):
    response = post(api_as(cast.alice))
    record = IdempotencyRecord.objects.get()
    assert (record.user, record.key, record.endpoint, record.status_code) == (
        cast.alice,
        "key-1",
        TICKETS,
        201,
    )
    assert record.response_body["id"] == response.json()["id"]
