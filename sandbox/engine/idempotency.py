"""``Idempotency-Key`` on writes: the first answer is stored and replayed, the work done once.

The check, the work and the stored answer share one transaction, and SQLite transactions take
the write lock when they begin (``transaction_mode=IMMEDIATE`` in settings), so two concurrent
requests with the same key are serialised: the second one replays the first one's answer.
Answers of 5xx are not stored (nothing was committed), so a retry does the work.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse

from sandbox.engine.http import api_error, json_response
from sandbox.engine.models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 200

View = Callable[..., HttpResponse]


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.path, request.META.get("QUERY_STRING", "")):
        digest.update(part.encode() + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def _replay(record: IdempotencyRecord) -> HttpResponse:
    return json_response(record.body, status=record.status, headers={REPLAYED_HEADER: "true"})


def _store(scope: str, key: str, fingerprint: str, response: HttpResponse) -> None:
    try:
        body = json.loads(response.content)
    except ValueError:
        return
    IdempotencyRecord.objects.create(
        scope=scope, key=key, fingerprint=fingerprint, status=response.status_code, body=body
    )


def idempotent(scope_of: Callable[[HttpRequest], str]) -> Callable[[View], View]:
    """Honour ``Idempotency-Key`` on a JSON-answering view; ``scope_of`` names the caller."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            key = request.headers.get(HEADER, "").strip()
            request.idempotency_key = key or None
            if not key:
                return view(request, *args, **kwargs)
            if len(key) > MAX_KEY_LENGTH:
                return api_error(request, 400, "invalid_idempotency_key", "the key is too long")
            return _once(request, scope_of(request), key, lambda: view(request, *args, **kwargs))

        return wrapper

    return decorator


def _once(
    request: HttpRequest, scope: str, key: str, work: Callable[[], HttpResponse]
) -> HttpResponse:
    fingerprint = _fingerprint(request)
    with transaction.atomic():
        record = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if record is not None:
            if record.fingerprint != fingerprint:
                message = "this Idempotency-Key was used with a different request"
                return api_error(request, 422, "idempotency_key_reused", message)
            return _replay(record)
        response = work()
        if response.status_code < 500:
            _store(scope, key, fingerprint, response)
        return response
