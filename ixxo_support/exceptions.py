"""One error shape for the whole API.

Every error is `{"error": {"code", "message", "fields"}}`; `fields` maps a field name to its
messages (present only for validation errors). Services raise Django's ValidationError or
PermissionDenied, or core.errors.DomainError; this handler turns them into JSON.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.errors import DomainError


def _field_messages(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub, msgs in _field_messages(value).items():
                    out[f"{key}.{sub}"] = msgs
            elif isinstance(value, list):
                out[key] = [str(item) for item in value]
            else:
                out[key] = [str(value)]
        return out
    if isinstance(detail, list):
        return {"non_field_errors": [str(item) for item in detail]}
    return {"non_field_errors": [str(detail)]}


def _from_django(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError({field: [m for error in errors for m in error.messages]
                                              for field, errors in exc.error_dict.items()})
        return exceptions.ValidationError({"non_field_errors": exc.messages})
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, RequestDataTooBig):
        # Otherwise Django answers with its HTML 400 page: the one error the API's clients
        # would get in another shape. Files do not count towards this limit, text does.
        limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        error = exceptions.APIException(
            f"The request is larger than {limit_mb:.0f} MB without its files. Send files as attachments "
            "and keep the text short.", code="request_too_large")
        error.status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        return error
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return exceptions.ParseError(str(exc) or "The request has too many fields or files.")
    if isinstance(exc, DomainError):
        # The code must go to the constructor: APIException stamps its detail with the code at
        # construction time, so setting default_code afterwards left every domain error as "error".
        error = exceptions.APIException(exc.message, code=exc.code)
        error.status_code = exc.status_code
        return error
    return exc


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    exc = _from_django(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    assert isinstance(exc, exceptions.APIException)
    body: dict[str, Any] = {"code": getattr(exc, "default_code", "error"), "message": ""}
    if isinstance(exc, exceptions.ValidationError):
        body["code"] = "invalid"
        body["message"] = "The request has invalid fields."
        body["fields"] = _field_messages(exc.detail)
    else:
        detail = exc.detail
        body["code"] = detail.code if hasattr(detail, "code") else body["code"]
        body["message"] = str(detail)
    if response.status_code == status.HTTP_401_UNAUTHORIZED:
        body["code"] = "not_authenticated"
    response.data = {"error": body}
    return response
