"""What the payments service needs from a payment gateway; the Paytrail provider implements it.

The provider reports (typed results, `integrations.http.UpstreamError` with `permanent=`); the
service in `payments/services.py` decides what a result means.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol


class SignatureError(Exception):
    """A redirect, callback or answer is not signed by the gateway we know (or not at all)."""


@dataclass(frozen=True)
class NewPayment:
    """What we ask the gateway to collect. Amounts in cents only here, at the provider's edge."""

    stamp: str
    reference: str
    amount_cents: int
    currency: str
    language: str
    description: str
    email: str
    success_url: str
    cancel_url: str
    callback_success_url: str
    callback_cancel_url: str


@dataclass(frozen=True)
class CreatedPayment:
    transaction_id: str
    href: str


@dataclass(frozen=True)
class GatewayPayment:
    """The gateway's own record of a payment (or what a signed redirect/callback says)."""

    transaction_id: str
    status: str  # new, ok, fail, pending, delayed, authorization-hold
    amount_cents: int
    currency: str
    stamp: str
    reference: str
    provider: str = ""


@dataclass(frozen=True)
class Refund:
    transaction_id: str
    status: str


class PaymentProvider(Protocol):
    name: str

    def create_payment(self, payment: NewPayment) -> CreatedPayment: ...

    def get_payment(self, transaction_id: str) -> GatewayPayment: ...

    def refund(self, transaction_id: str, *, amount_cents: int, stamp: str) -> Refund: ...

    def verify_return(self, params: Mapping[str, str]) -> GatewayPayment:
        """The signed query of a redirect or callback; raises `SignatureError`."""
        ...
