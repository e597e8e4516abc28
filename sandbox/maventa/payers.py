"""Reading Maventa request bodies: payers (and invoice buyers), invoice rows, invoices."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sandbox.engine.services.cases import Row
from sandbox.engine.services.parties import Party
from sandbox.engine.services.transfers import InvoiceInput
from sandbox.engine.validation import FieldError, Fields

PAYER_TYPES = ["person", "company"]
COUNTRIES = ["FI", "SE", "NO"]
LANGUAGES = ["en", "fi", "sv", "nb"]


def parse_payer(data: Any, prefix: str, errors: list) -> tuple[Party | None, dict[str, Any]]:
    """A payer ``{"type", "name", "identity_code"|"business_id", "email", "language",
    "address": {"street", "postal_code", "city", "country"}}``; errors go to ``errors``."""
    fields = Fields(data, prefix=prefix)
    kind = fields.choice("type", PAYER_TYPES)
    name = fields.text("name")
    email = fields.text("email", required=False, max_length=254) or ""
    language = fields.choice("language", LANGUAGES, required=False) or ""
    address = Fields(fields.data.get("address"), prefix=f"{prefix}address.")
    street, city = address.text("street"), address.text("city", max_length=100)
    postcode = address.text("postal_code", max_length=10)
    country = address.choice("country", COUNTRIES)
    code_field = "business_id" if kind == "company" else "identity_code"
    code = fields.identity(code_field, country=country or "", company=kind == "company")
    errors += fields.errors + address.errors
    if not (kind and name and street and city and postcode and country and code):
        return None, {}
    party = Party(kind, name, code, country, street, postcode, city, email, language)
    return party, fields.data


def parse_payers(data: Any, errors: list) -> list[Party]:
    if not isinstance(data, list) or not data:
        errors.append(FieldError("payers", "must be a non-empty list of payers"))
        return []
    parsed = [parse_payer(item, f"payers[{i}].", errors)[0] for i, item in enumerate(data)]
    return [p for p in parsed if p is not None]


def _rows(data: Any, errors: list) -> list[Row]:
    rows = []
    for index, item in enumerate(data if isinstance(data, list) else []):
        fields = Fields(item, prefix=f"rows[{index}].")
        desc = fields.text("desc")
        count = fields.amount("count", required=False) or Decimal(1)
        amount = fields.amount("amount", allow_zero=True)
        taxpr = fields.amount("taxpr", required=False, allow_zero=True) or Decimal(0)
        errors += fields.errors
        if desc is not None and amount is not None:
            rows.append(Row(desc, count, amount, taxpr))
    return rows


def parse_invoice(data: Any, errors: list) -> InvoiceInput | None:
    """``POST /v2/invoices`` (sandbox only): number, date, due_date, buyer, rows or sum."""
    fields = Fields(data)
    number = fields.text("number", max_length=40)
    issued, due = fields.date("date"), fields.date("due_date")
    reference = fields.text("reference", required=False, max_length=30) or ""
    if issued and due and due < issued:
        fields.error("due_date", "must not be before date")
    rows = _rows(fields.data.get("rows"), errors)
    total = sum((r.total for r in rows), Decimal(0)) if rows else fields.amount("sum")
    errors += fields.errors
    buyer, buyer_data = parse_payer(fields.data.get("buyer"), "buyer.", errors)
    if errors or not number or not issued or not due or total is None or buyer is None:
        return None
    if total <= 0:
        errors.append(FieldError("rows", "the invoice must total more than zero"))
        return None
    return InvoiceInput(number, issued, due, rows, total, buyer_data, reference)
