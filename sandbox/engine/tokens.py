"""Bearer tokens of both facades: issued for credentials, checked on every call.

Lifetimes run on real time, not on the sandbox clock: advancing the clock by weeks must not
log every client out.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from sandbox.engine.models import ApiToken, Creditor


def same_secret(given: object, expected: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode())


def issue_token(
    *,
    service: str,
    principal: str,
    seconds: int,
    creditor: Creditor | None = None,
    country: str = "",
    scope: str = "",
) -> ApiToken:
    """A new bearer token; expired tokens are cleared on the way."""
    now = timezone.now()
    ApiToken.objects.filter(expires_at__lt=now).delete()
    return ApiToken.objects.create(
        token=secrets.token_urlsafe(32),
        service=service,
        principal=principal,
        creditor=creditor,
        country=country,
        scope=scope,
        expires_at=now + timedelta(seconds=seconds),
    )


def bearer(request: HttpRequest) -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return (value.strip() or None) if scheme.lower() == "bearer" else None


def find_token(request: HttpRequest, *, service: str, country: str = "") -> ApiToken | None:
    """The live token the request carries for ``service`` (and Ropo One country), if any."""
    raw = bearer(request)
    if not raw:
        return None
    token = (
        ApiToken.objects.select_related("creditor")
        .filter(token=raw, service=service, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or token.country != country:
        return None
    return token
