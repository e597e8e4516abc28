"""Paytrail (https://docs.paytrail.com/), or the sandbox's stand-in, chosen by settings alone.

Requests are signed with HMAC over the `checkout-*` headers and the exact body bytes we send;
answers, redirects and callbacks are verified the same way (sha256 or sha512 only, compared
with `hmac.compare_digest`, over whatever `checkout-*` parameters arrive: no fixed list).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

import httpx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from integrations.http import UpstreamError, json_body, new_http_client, send
from payments.providers.base import (
    CreatedPayment,
    GatewayPayment,
    NewPayment,
    Refund,
    SignatureError,
)

ALGORITHMS = {"sha256": hashlib.sha256, "sha512": hashlib.sha512}


def sign(secret: str, headers: Mapping[str, str], body: str, algorithm: str = "sha256") -> str:
    """Paytrail's signature: sorted `checkout-*` headers as `name:value` lines, then the body."""
    digest = ALGORITHMS.get(algorithm)
    if digest is None:
        raise SignatureError(f"unsupported algorithm {algorithm!r}")
    lines = [
        f"{name.lower()}:{value}"
        for name, value in sorted(headers.items(), key=lambda item: item[0].lower())
        if name.lower().startswith("checkout-")
    ]
    message = "\n".join([*lines, body])
    return hmac.new(secret.encode(), message.encode(), digest).hexdigest()


def verify(secret: str, headers: Mapping[str, str], body: str, signature: str) -> None:
    """Raise `SignatureError` unless `signature` is right for these headers and body."""
    headers = {name.lower(): value for name, value in headers.items()}
    algorithm = headers.get("checkout-algorithm", "")
    if algorithm not in ALGORITHMS:
        raise SignatureError(f"unsupported algorithm {algorithm!r}")
    expected = sign(secret, headers, body, algorithm).encode()
    # Bytes: `compare_digest` raises TypeError on a str that is not ASCII.
    given = signature.encode("utf-8", "surrogateescape") if signature else b""
    if not given or not hmac.compare_digest(expected, given):
        raise SignatureError("the signature does not match")


def _error_message(response: httpx.Response) -> tuple[str, str]:
    try:
        data = response.json()
    except ValueError:
        return "", response.text[:200]
    return str(data.get("status", "")), str(data.get("message", ""))[:200]


@dataclass
class PaytrailProvider:
    base_url: str
    merchant_id: str
    secret: str
    algorithm: str = "sha256"
    transport: httpx.BaseTransport | None = None
    name: str = "paytrail"

    @classmethod
    def from_settings(cls) -> PaytrailProvider:
        if not (
            settings.PAYTRAIL_URL and settings.PAYTRAIL_MERCHANT_ID and settings.PAYTRAIL_SECRET
        ):
            raise ImproperlyConfigured("PAYTRAIL_URL, PAYTRAIL_MERCHANT_ID and PAYTRAIL_SECRET")
        return cls(
            settings.PAYTRAIL_URL, str(settings.PAYTRAIL_MERCHANT_ID), settings.PAYTRAIL_SECRET
        )

    # -- calls ------------------------------------------------------------------------------

    def _call(self, method: str, path: str, *, body: str = "", transaction_id: str = "") -> dict:
        headers = {
            "checkout-account": self.merchant_id,
            "checkout-algorithm": self.algorithm,
            "checkout-method": method,
            "checkout-nonce": secrets.token_hex(16),
            "checkout-timestamp": timezone.now().isoformat(timespec="milliseconds"),
        }
        if transaction_id:
            headers["checkout-transaction-id"] = transaction_id
        headers["signature"] = sign(self.secret, headers, body, self.algorithm)
        if body:
            headers["content-type"] = "application/json; charset=utf-8"
        with new_http_client(self.base_url, transport=self.transport) as client:
            response = send(
                client,
                method,
                path,
                headers=headers,
                content=body.encode(),
                error_message=_error_message,
            )
        try:
            verify(
                self.secret, response.headers, response.text, response.headers.get("signature", "")
            )
        except SignatureError as exc:
            raise UpstreamError(
                f"{method} {path}: answer not signed: {exc}", permanent=False
            ) from exc
        return json_body(response)

    def create_payment(self, payment: NewPayment) -> CreatedPayment:
        data = {
            "stamp": payment.stamp,
            "reference": payment.reference,
            "amount": payment.amount_cents,
            "currency": payment.currency,
            "language": payment.language,
            "items": [
                {
                    "unitPrice": payment.amount_cents,
                    "units": 1,
                    "vatPercentage": 0,
                    "productCode": payment.reference,
                    "description": payment.description[:1000],
                }
            ],
            "customer": {"email": payment.email},
            "redirectUrls": {"success": payment.success_url, "cancel": payment.cancel_url},
            "callbackUrls": {
                "success": payment.callback_success_url,
                "cancel": payment.callback_cancel_url,
            },
        }
        answer = self._call("POST", "/payments", body=json.dumps(data, separators=(",", ":")))
        try:
            return CreatedPayment(
                transaction_id=str(answer["transactionId"]), href=str(answer["href"])
            )
        except (KeyError, TypeError) as exc:
            raise UpstreamError("POST /payments: no transactionId/href", permanent=False) from exc

    def get_payment(self, transaction_id: str) -> GatewayPayment:
        transaction_id = str(uuid.UUID(transaction_id))
        answer = self._call("GET", f"/payments/{transaction_id}", transaction_id=transaction_id)
        try:
            return GatewayPayment(
                transaction_id=str(answer["transactionId"]),
                status=str(answer["status"]),
                amount_cents=int(answer["amount"]),
                currency=str(answer["currency"]),
                stamp=str(answer["stamp"]),
                reference=str(answer["reference"]),
                provider=str(answer.get("provider") or ""),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise UpstreamError("GET /payments/{id}: unexpected answer", permanent=False) from exc

    def refund(self, transaction_id: str, *, amount_cents: int, stamp: str) -> Refund:
        base = settings.PORTAL_BASE_URL
        data = {
            "amount": amount_cents,
            "refundStamp": stamp,
            "refundReference": stamp,
            "callbackUrls": {"success": f"{base}/", "cancel": f"{base}/"},
        }
        answer = self._call(
            "POST",
            f"/payments/{transaction_id}/refund",
            body=json.dumps(data, separators=(",", ":")),
            transaction_id=transaction_id,
        )
        return Refund(
            transaction_id=str(answer.get("transactionId", "")),
            status=str(answer.get("status", "")),
        )

    def verify_return(self, params: Mapping[str, str]) -> GatewayPayment:
        params = {name.lower(): value for name, value in params.items()}
        if params.get("checkout-account") != self.merchant_id:
            raise SignatureError("another merchant's redirect")
        verify(self.secret, params, "", params.get("signature", ""))
        try:
            return GatewayPayment(
                transaction_id=params["checkout-transaction-id"],
                status=params["checkout-status"],
                amount_cents=int(params["checkout-amount"]),
                currency="EUR",
                stamp=params["checkout-stamp"],
                reference=params.get("checkout-reference", ""),
                provider=params.get("checkout-provider", ""),
            )
        except (KeyError, ValueError) as exc:
            raise SignatureError("a signed parameter is missing or malformed") from exc
