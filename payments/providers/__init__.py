"""Payment gateways. `get_provider()` returns the configured one (Paytrail)."""

from __future__ import annotations

from payments.providers.base import PaymentProvider

# Paytrail's payment-method ids (`checkout-provider`) and the names the banks go by, as
# Paytrail's own payment page shows them:
# https://docs.paytrail.com/#/payment-method-providers
BANK_NAMES = {
    "osuuspankki": "OP",
    "nordea": "Nordea",
    "danske": "Danske Bank",
    "handelsbanken": "Handelsbanken",
    "spankki": "S-Pankki",
    "saastopankki": "Säästöpankki",
    "pop": "POP Pankki",
    "aktia": "Aktia",
    "omasp": "Oma Säästöpankki",
    "alandsbanken": "Ålandsbanken",
    "mobilepay": "MobilePay",
    "pivo": "Pivo",
    "siirto": "Siirto",
    "applepay": "Apple Pay",
    "googlepay": "Google Pay",
}


def bank_name(method_id: str) -> str:
    """The name a person knows the bank (or wallet) by; an id the list lacks as it came."""
    return BANK_NAMES.get(method_id.lower(), method_id)


def get_provider() -> PaymentProvider:
    from payments.providers.paytrail import PaytrailProvider

    return PaytrailProvider.from_settings()
