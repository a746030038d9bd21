"""`Idempotency-Key` support for API POSTs.

The created object and the record of its response are written in one transaction. Two
concurrent requests with one key race on the unique (user, key) constraint: the loser's
transaction rolls back whole (so no second ticket exists) and it replays the winner's
response.
"""

import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from .models import IdempotencyRecord

HEADER = "Idempotency-Key"


def _request_fingerprint(request: Request) -> str:
    # A body that does not parse raises here (ParseError, ValidationError) and becomes the
    # usual 400. Swallowing it would be worse: DRF then hands the view empty data, so the
    # caller read "subject: required" instead of what was wrong with the body.
    digest = hashlib.sha256(request.path.encode())
    data = request.data
    items = sorted((k, data.getlist(k)) for k in data) if hasattr(data, "getlist") else data
    digest.update(json.dumps(items, sort_keys=True, default=str).encode())
    # Files by content, every one of a field (FILES.items() gives only the last of each name).
    for name, uploads in sorted(request.FILES.lists()):
        for upload in uploads:
            digest.update(name.encode() + upload.name.encode() + str(upload.size).encode())
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return digest.hexdigest()


def _replay(record: IdempotencyRecord, fingerprint: str) -> Response:
    if record.request_hash != fingerprint:
        return Response(
            {"error": {"code": "idempotency_key_reused",
                       "message": "This Idempotency-Key was already used with a different request."}},
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    response = Response(record.response_body, status=record.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(view: Callable[..., Response]) -> Callable[..., Response]:
    @functools.wraps(view)
    def wrapper(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER, "").strip()
        if not key or not request.user.is_authenticated:
            return view(self, request, *args, **kwargs)
        if len(key) > 255:
            return Response({"error": {"code": "invalid", "message": "Idempotency-Key is too long.",
                                       "fields": {HEADER: ["At most 255 characters."]}}}, status=400)
        fingerprint = _request_fingerprint(request)
        existing = IdempotencyRecord.objects.filter(user=request.user, key=key).first()
        if existing:
            return _replay(existing, fingerprint)
        try:
            with transaction.atomic():
                response = view(self, request, *args, **kwargs)
                if response.status_code >= 400:
                    transaction.set_rollback(True)
                    return response
                IdempotencyRecord.objects.create(
                    user=request.user, key=key, endpoint=request.path[:255], request_hash=fingerprint,
                    status_code=response.status_code, response_body=response.data,
                )
                return response
        except IntegrityError:
            record = IdempotencyRecord.objects.get(user=request.user, key=key)
            return _replay(record, fingerprint)

    return wrapper
