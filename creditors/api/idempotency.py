"""`Idempotency-Key` on API writes: the same key and body answer the same, with one effect.

The record is inserted in the transaction that makes the effect, so a concurrent retry waits
on the unique index and then replays the committed answer. A refused request (4xx) rolls back
with its record, so the key may be used again once the request is fixed. The same key with
another request answers 409.
"""

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from rest_framework.request import Request
from rest_framework.response import Response

from creditors.api.errors import Conflict, Unprocessable
from creditors.models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def fingerprint(request: Request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def idempotent(request: Request, perform: Callable[[], Response]) -> Response:
    """Run `perform` once per (creditor, key); replay its answer for the same request."""
    key = request.headers.get(HEADER, "").strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise Unprocessable(
            f"Send an {HEADER} header (1 to {MAX_KEY_LENGTH} characters) with every write.",
            details={HEADER: ["required"]},
        )
    creditor = request.auth.creditor
    digest = fingerprint(request)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    creditor=creditor, key=key, fingerprint=digest
                )
        except IntegrityError:
            return _replay(creditor, key, digest)
        response = perform()
        record.status_code, record.body = response.status_code, response.data
        record.save(update_fields=["status_code", "body"])
    return response


def _replay(creditor, key: str, digest: str) -> Response:
    record = IdempotencyRecord.objects.get(creditor=creditor, key=key)
    if record.fingerprint != digest:
        raise Conflict(
            "This Idempotency-Key was used with another request.", "idempotency_conflict"
        )
    if record.status_code is None:
        raise Conflict("A request with this Idempotency-Key is still running.", "in_progress")
    return Response(record.body, status=record.status_code, headers={"Idempotent-Replayed": "true"})
