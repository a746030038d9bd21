"""ixxo_support/exceptions.py: every API error has the shape {"error": {"code", "message", "fields"}}."""

import pytest
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions

from core.errors import Conflict, DomainError
from ixxo_support.exceptions import api_exception_handler
from tickets.services import LicenceInactive


def handle(exc: Exception) -> tuple[int, dict]:
    response = api_exception_handler(exc, {})
    assert response is not None
    return response.status_code, response.data


def test_a_django_validation_error_with_fields_names_each_field():
    status, body = handle(DjangoValidationError({"subject": "Too long.", "body": ["Blank.", "Bad."]}))
    assert status == 400
    assert body == {
        "error": {
            "code": "invalid",
            "message": "The request has invalid fields.",
            "fields": {"subject": ["Too long."], "body": ["Blank.", "Bad."]},
        }
    }


def test_a_django_validation_error_without_fields_goes_to_non_field_errors():
    status, body = handle(DjangoValidationError("Something is off."))
    assert status == 400 and body["error"]["fields"] == {"non_field_errors": ["Something is off."]}


def test_a_drf_validation_error_with_nested_fields_is_flattened_with_dots():
    _, body = handle(exceptions.ValidationError({"requester": {"email": ["Invalid."]}, "tags": "Bad."}))
    assert body["error"]["fields"] == {"requester.email": ["Invalid."], "tags": ["Bad."]}


def test_a_drf_validation_error_as_a_list_goes_to_non_field_errors():
    _, body = handle(exceptions.ValidationError(["First.", "Second."]))
    assert body["error"]["fields"] == {"non_field_errors": ["First.", "Second."]}


def test_permission_denied_is_a_403_with_its_message():
    status, body = handle(PermissionDenied("Merchants can close or reopen their tickets, nothing else."))
    assert status == 403
    assert body == {
        "error": {
            "code": "permission_denied",
            "message": "Merchants can close or reopen their tickets, nothing else.",
        }
    }


def test_permission_denied_without_a_message_gets_drfs_default():
    _, body = handle(PermissionDenied())
    assert body["error"]["message"] == "You do not have permission to perform this action."


def test_http404_is_a_404_that_says_nothing_more():
    status, body = handle(Http404("No Ticket matches the given query: id 7 of Bergamo"))
    assert status == 404 and body == {"error": {"code": "not_found", "message": "Not found."}}


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (LicenceInactive("Renew your licence."), 403, "licence_inactive"),
        (Conflict("Someone else changed it."), 409, "conflict"),
        (DomainError("No.", code="quota_reached", status_code=429), 429, "quota_reached"),
        (DomainError("No."), 400, "domain_error"),
    ],
)
def test_a_domain_error_keeps_its_status_code_and_message(exc, status, code):
    assert handle(exc) == (status, {"error": {"code": code, "message": exc.message}})


def test_not_authenticated_is_a_401_with_code_not_authenticated():
    status, body = handle(exceptions.NotAuthenticated())
    assert status == 401 and body["error"]["code"] == "not_authenticated"


def test_an_authentication_failure_is_also_not_authenticated():
    status, body = handle(exceptions.AuthenticationFailed("Invalid token."))
    assert body == {"error": {"code": "not_authenticated", "message": "Invalid token."}}


def test_other_drf_errors_keep_their_own_code():
    status, body = handle(exceptions.MethodNotAllowed("DELETE"))
    assert status == 405 and body["error"]["code"] == "method_not_allowed"


def test_an_unexpected_exception_is_left_to_django():
    assert api_exception_handler(RuntimeError("boom"), {}) is None


@pytest.mark.django_db
def test_the_handler_is_wired_into_the_api(api):
    response = api.get("/api/v1/tickets/")
    assert response.status_code == 401 and set(response.json()) == {"error"}


def test_a_request_over_the_upload_memory_limit_is_a_413_in_the_error_shape():
    status, body = handle(RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."))
    assert status == 413 and body["error"]["code"] == "request_too_large"
    assert "larger than 4 MB" in body["error"]["message"]


def test_too_many_fields_is_a_parse_error():
    status, body = handle(TooManyFieldsSent("The number of GET/POST parameters exceeded the limit."))
    assert status == 400 and body["error"]["code"] == "parse_error"
