"""End customers named by the APIs: found by country and identity code, created if new."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sandbox.engine.models import Debtor, DebtorKind

DEFAULT_LANGUAGE = {"FI": "fi", "SE": "sv", "NO": "nb"}


@dataclass(frozen=True)
class Party:
    kind: str
    name: str
    identity_code: str
    country: str
    address: str
    postcode: str
    city: str
    email: str = ""
    language: str = ""


def debtor_for(party: Party) -> Debtor:
    """The debtor with this identity in this country; a new one takes the details given.

    An existing debtor keeps its stored name and address (the sandbox is their register).
    """
    debtor, _ = Debtor.objects.get_or_create(
        country=party.country,
        identity_code=party.identity_code,
        defaults={
            "kind": party.kind,
            "name": party.name,
            "address": party.address,
            "postcode": party.postcode,
            "city": party.city,
            "email": party.email,
            "language": party.language or DEFAULT_LANGUAGE.get(party.country, "en"),
        },
    )
    return debtor


def payer_data(debtor: Debtor) -> dict[str, Any]:
    """A debtor in the shape of a Maventa payer (and invoice buyer)."""
    code_field = "identity_code" if debtor.kind == DebtorKind.PERSON else "business_id"
    return {
        "type": debtor.kind,
        "name": debtor.name,
        code_field: debtor.identity_code,
        "email": debtor.email,
        "language": debtor.language,
        "address": {
            "street": debtor.address,
            "postal_code": debtor.postcode,
            "city": debtor.city,
            "country": debtor.country,
        },
    }
