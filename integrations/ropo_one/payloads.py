"""Ropo One payloads (see docs/upstream-contracts.md) turned into the portal's snapshots."""

import datetime
import uuid
from decimal import Decimal
from typing import Any

from integrations.http import UpstreamError
from invoices.snapshots import (
    CaseSnapshot,
    CreditorSnapshot,
    DebtorSnapshot,
    LetterSnapshot,
    RowSnapshot,
)

SYSTEM = "ropo_one"


def upstream_id(country: str, jobid: str | int) -> str:
    """Job ids are per country environment, so the country is part of the key."""
    return f"{country.upper()}:{jobid}"


def _money(value: Any) -> Decimal:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (ArithmeticError, ValueError) as exc:  # decimal.InvalidOperation is ArithmeticError
        raise UpstreamError(f"not an amount: {value!r}", permanent=True) from exc


def _date(value: Any) -> datetime.date:
    return datetime.date.fromisoformat(str(value)[:10])


def _creditor(data: dict) -> CreditorSnapshot:
    return CreditorSnapshot(
        name=data["name"],
        business_id=data["business_id"],
        country=data["country"],
        currency=data["currency"],
        iban=data.get("iban") or "",
        bic=data.get("bic") or "",
        allows_legal_collection=bool(data.get("allows_legal_collection")),
    )


def _debtor(data: dict) -> DebtorSnapshot:
    return DebtorSnapshot(
        kind=data["kind"],
        name=data["name"],
        identity_code=data["identity_code"],
        country=data["country"],
        street_address=data.get("address") or "",
        postal_code=data.get("postcode") or "",
        city=data.get("city") or "",
        email=data.get("email") or "",
        language=data.get("language") or "",
    )


def _row(data: dict) -> RowSnapshot:
    count = Decimal(str(data["count"]))
    unit = _money(data["amount"])
    vat = Decimal(str(data.get("taxpr") or 0))
    total = data.get("total")
    if total is None:
        total = (count * unit * (1 + vat / 100)).quantize(Decimal("0.01"))
    return RowSnapshot(
        description=data["desc"], quantity=count, unit_price=unit, vat_rate=vat, total=_money(total)
    )


def _letter(data: dict) -> LetterSnapshot:
    return LetterSnapshot(
        upstream_id=str(data["id"]),
        kind=data["kind"],
        sent_on=_date(data["sent_on"]),
        language=data.get("language") or "",
    )


def case_snapshot(data: dict) -> CaseSnapshot:
    """One case snapshot; a malformed one is a permanent error (retrying returns the same)."""
    try:
        country = data["country"]
        updated = data.get("updated_at")
        assignment = data.get("maventa_assignment_id")
        return CaseSnapshot(
            upstream_system=SYSTEM,
            upstream_id=upstream_id(country, data["jobid"]),
            version=int(data["version"]),
            updated_at=datetime.datetime.fromisoformat(updated) if updated else None,
            country=country,
            currency=data["currency"],
            invoice_number=data["billnum"],
            reference=data["billcode"],
            description=data.get("description") or "",
            capital=_money(data["capital"]),
            fees=_money(data["fees"]),
            interest=_money(data["interest"]),
            paid=_money(data["paid"]),
            balance=_money(data["open_amount"]),
            invoice_date=_date(data["billdate"]),
            due_date=_date(data["paydate"]),
            status=data["status"],
            stage=data["stage"],
            collection_status=data.get("collection_status") or "",
            maventa_assignment_id=uuid.UUID(assignment) if assignment else None,
            on_hold=data.get("on_hold") is True,
            creditor=_creditor(data["creditor"]),
            debtor=_debtor(data["debtor"]),
            rows=tuple(_row(r) for r in data.get("payrow") or ()),
            letters=tuple(_letter(x) for x in data.get("letters") or ()),
        )
    except (ArithmeticError, KeyError, TypeError, ValueError) as exc:
        # Decimal("1,5") raises InvalidOperation, an ArithmeticError (not a ValueError)
        raise UpstreamError(f"malformed case snapshot: {exc!r}", permanent=True) from exc
