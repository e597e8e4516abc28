"""The demo's creditors and debtors as plain specs: identities, credentials, addresses."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sandbox.engine.identities import bank_account, company_identity, person_identity
from sandbox.engine.money import currency_for
from sandbox.engine.seed.catalog import ADDRESSES, CreditorDef, DebtorDef
from sandbox.engine.seed.randomness import rng_for, stable_secret, stable_uuid


@dataclass(frozen=True)
class CreditorSpec:
    definition: CreditorDef
    business_id: str
    cid: str
    apicode: str
    maventa_company_uuid: uuid.UUID
    maventa_api_key: str
    maventa_vendor_key: str
    iban: str
    bic: str
    agreement_contact_email: str

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def currency(self) -> str:
        return currency_for(self.definition.country)


@dataclass(frozen=True)
class DebtorSpec:
    definition: DebtorDef
    identity_code: str
    address: str
    postcode: str
    city: str
    email: str

    @property
    def key(self) -> str:
        return self.definition.key


def build_creditor(definition: CreditorDef) -> CreditorSpec:
    rng = rng_for("creditor", definition.key)
    business_id = company_identity(definition.country, rng)
    iban, bic = bank_account(definition.country, rng, bank_index=definition.bank_index)
    slug = definition.key.split("-", 1)[1]
    return CreditorSpec(
        definition=definition,
        business_id=business_id,
        cid=f"demo-{definition.key}",
        apicode=stable_secret("apicode", definition.key),
        maventa_company_uuid=stable_uuid("maventa-company", definition.key),
        maventa_api_key=str(stable_uuid("maventa-api-key", definition.key)),
        maventa_vendor_key=str(stable_uuid("maventa-vendor-key", definition.key)),
        iban=iban,
        bic=bic,
        agreement_contact_email=f"finance@{slug}.example.com",
    )


def _ascii(text: str) -> str:
    table = str.maketrans({"ä": "a", "ö": "o", "å": "a", "ø": "o", "æ": "ae", "é": "e"})
    return text.lower().translate(table)


def _email(definition: DebtorDef) -> str:
    if definition.email:
        return definition.email
    if definition.kind == "company":
        return f"billing@{definition.key}.example.com"
    return _ascii(definition.name).replace(" ", ".") + "@example.com"


def build_debtor(definition: DebtorDef) -> DebtorSpec:
    rng = rng_for("debtor", definition.key)
    if definition.kind == "company":
        identity = company_identity(definition.country, rng)
    else:
        identity = person_identity(definition.country, rng, born=definition.born)
    street, postcode, city = rng.choice(ADDRESSES[definition.country])
    number = rng.randint(1, 120)
    address = (
        f"{street} {number}"
        if definition.kind == "company"
        else f"{street} {number} A {rng.randint(1, 40)}"
    )
    return DebtorSpec(definition, identity, address, postcode, city, _email(definition))
