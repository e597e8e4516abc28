"""Payment gateways. `get_provider()` returns the configured one (Paytrail)."""

from __future__ import annotations

from payments.providers.base import PaymentProvider


def get_provider() -> PaymentProvider:
    from payments.providers.paytrail import PaytrailProvider

    return PaytrailProvider.from_settings()
