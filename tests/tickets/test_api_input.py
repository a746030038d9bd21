"""Bad input to the API: a clear 400 naming the field, and nothing half-saved."""

import pytest

from tests.tickets.files import exe, huge_png, png, stored_files
from tickets import services
from tickets.models import Attachment, Message, Ticket

pytestmark = pytest.mark.django_db
TICKETS = "/api/v1/tickets/"


@pytest.fixture
def nothing_saved():
    """Asserts after the test that no ticket, message, attachment row or stored file was added."""
    before = (Ticket.objects.count(), Message.objects.count(), Attachment.objects.count(), stored_files())
    yield
    assert (
        Ticket.objects.count(),
        Message.objects.count(),
        Attachment.objects.count(),
        stored_files(),
    ) == before


def fields_of(response) -> dict[str, list[str]]:
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["message"]
    return error["fields"]


def multipart(**fields: bytes) -> bytes:
    parts = [
        b'--B\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (name.encode(), value)
        for name, value in fields.items()
    ]
    return b"".join(parts) + b"--B--\r\n"


@pytest.mark.usefixtures("nothing_saved")
class TestNewTicket:
    def test_empty_subject(self, cast, api_as):
        response = api_as(cast.alice).post(TICKETS, {"subject": "", "body": "b"}, format="json")
        assert "blank" in fields_of(response)["subject"][0]

    def test_missing_fields(self, cast, api_as):
        assert set(fields_of(api_as(cast.alice).post(TICKETS, {}, format="json"))) == {"subject", "body"}

    def test_a_30_mb_file_next_to_a_good_one(self, cast, api_as):
        response = api_as(cast.alice).post(
            TICKETS, {"subject": "s", "body": "b", "attachments": [png(), huge_png()]}, format="multipart"
        )
        assert "“huge.png” is larger than 10 MB." in fields_of(response)["attachments"]

    def test_an_exe(self, cast, api_as):
        response = api_as(cast.alice).post(
            TICKETS, {"subject": "s", "body": "b", "attachments": [exe()]}, format="multipart"
        )
        assert "setup.exe" in fields_of(response)["attachments"][0]

    def test_a_body_of_1_mb(self, cast, api_as):
        response = api_as(cast.alice).post(TICKETS, {"subject": "s", "body": "x" * 1024 * 1024}, format="json")
        assert "At most 50,000 characters" in fields_of(response)["body"][0]

    def test_a_subject_over_200_characters(self, cast, api_as):
        response = api_as(cast.alice).post(TICKETS, {"subject": "s" * 201, "body": "b"}, format="json")
        assert "subject" in fields_of(response)

    def test_invalid_utf8_bytes_in_a_json_body(self, cast, api_as):
        response = api_as(cast.alice).post(
            TICKETS, b'{"subject": "Caf\xe9 \xff", "body": "ok"}', content_type="application/json"
        )
        assert fields_of(response) == {"subject": ["The text contains invalid characters (it is not valid UTF-8)."]}

    def test_invalid_utf8_bytes_in_a_json_body_sent_with_an_idempotency_key(self, cast, api_as):
        response = api_as(cast.alice).post(
            TICKETS,
            b'{"subject": "ok", "body": "\xc3\x28"}',
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="utf8-1",
        )
        assert list(fields_of(response)) == ["body"]

    def test_invalid_utf8_bytes_in_a_multipart_field(self, cast, api_as):
        response = api_as(cast.alice).generic(
            "POST",
            TICKETS,
            multipart(subject=b"ok", body=b"Gr\xfc\xdfe"),
            content_type="multipart/form-data; boundary=B",
        )
        assert "not valid UTF-8" in fields_of(response)["body"][0]

    def test_a_nul_byte_in_json(self, cast, api_as):
        response = api_as(cast.alice).post(TICKETS, {"subject": "a\x00b", "body": "ok"}, format="json")
        assert "subject" in fields_of(response)

    def test_unknown_fields(self, cast, api_as):
        response = api_as(cast.alice).post(TICKETS, {"subject": "s", "body": "b", "colour": "red"}, format="json")
        assert fields_of(response) == {"colour": ["Unknown or read-only field."]}

    def test_broken_json_is_a_parse_error(self, cast, api_as):
        for headers in ({}, {"HTTP_IDEMPOTENCY_KEY": "broken-1"}):
            response = api_as(cast.alice).post(TICKETS, b'{"subject": ', content_type="application/json", **headers)
            assert response.status_code == 400 and response.json()["error"]["code"] == "parse_error"

    def test_a_non_object_json_body(self, cast, api_as):
        response = api_as(cast.alice).post(TICKETS, [1, 2], format="json")
        assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"


@pytest.fixture
def ticket(cast):
    return services.ticket_create(actor=cast.alice, subject="Checkout fails", body="Pay button dead")


@pytest.mark.usefixtures("ticket", "nothing_saved")  # in this order: the ticket exists before the count
class TestReplyAndUpload:
    def test_a_reply_with_invalid_utf8_in_json(self, cast, api_as, ticket):
        response = api_as(cast.alice).post(
            f"{TICKETS}{ticket.pk}/messages/", b'{"body": "\xff"}', content_type="application/json"
        )
        assert list(fields_of(response)) == ["body"]

    def test_a_reply_with_a_good_and_an_exe_file(self, cast, api_as, ticket):
        response = api_as(cast.alice).post(
            f"{TICKETS}{ticket.pk}/messages/",
            {"body": "files", "attachments": [png(), exe()]},
            format="multipart",
        )
        assert "attachments" in fields_of(response)

    def test_an_upload_of_30_mb(self, cast, api_as, ticket):
        response = api_as(cast.alice).post(
            f"{TICKETS}{ticket.pk}/attachments/", {"attachments": [huge_png()]}, format="multipart"
        )
        assert "larger than 10 MB" in fields_of(response)["attachments"][0]

    def test_an_unknown_field_in_a_reply(self, cast, api_as, ticket):
        response = api_as(cast.alice).post(f"{TICKETS}{ticket.pk}/messages/", {"body": "b", "cc": "x"}, format="json")
        assert list(fields_of(response)) == ["cc"]


@pytest.mark.usefixtures("nothing_saved")
@pytest.mark.parametrize("format", ["json", "multipart"])
def test_a_body_over_the_request_memory_limit_is_a_413_in_the_json_error_shape(cast, api_as, format):
    response = api_as(cast.alice).post(TICKETS, {"subject": "s", "body": "x" * 5 * 1024 * 1024}, format=format)
    assert response.status_code == 413 and response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "request_too_large"
