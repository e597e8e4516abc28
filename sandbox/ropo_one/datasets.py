"""Reading ``POST /rest/jobs`` datasets into new cases, with an error per field.

Required per the Connect documentation (shared/seeds/002): for an invoice (``jobtype`` 0 or
300) ``address``, ``postcode``, ``city``, ``person``/``company``, ``customertype``,
``billdate``, ``paydate`` and ``payrow``; for a reminder (1) or collection (2) ``billcode``,
``amount``, ``billnum``, ``person``/``company``, ``address``, ``postcode``, ``city``,
``customertype``, ``billdate``, ``paydate``, and for a collection in Finland ``noticedate``.
The sandbox also needs the end customer's identity (``ssn`` or ``businessid``) and, for the
portal's integrator account, the creditor (``creditorbusinessid``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sandbox.engine.models import Case, CollectionType, Creditor, JobType, ReceivablesType
from sandbox.engine.references import is_valid_reference
from sandbox.engine.services.cases import NewCase, Row
from sandbox.engine.services.parties import Party
from sandbox.engine.validation import Fields

INVOICE_TYPES = (JobType.INVOICE, JobType.INVOICE_DISTRIBUTION)
JOBTYPES = [str(t.value) for t in JobType]
LANGUAGES = ["en", "fi", "sv", "nb"]
MAX_JOBS = 1000


@dataclass
class ParsedJob:
    new: NewCase | None
    errors: list[dict[str, Any]] = field(default_factory=list)


def _quantity(value: Any) -> Decimal | None:
    try:
        count = Decimal(str(value))
    except InvalidOperation:
        return None
    ok = count.is_finite() and count > 0 and count == count.quantize(Decimal("0.001"))
    return count if ok else None


def _percent(value: Any) -> Decimal | None:
    try:
        percent = Decimal(str(value))
    except InvalidOperation:
        return None
    ok = percent.is_finite() and 0 <= percent <= 100
    return percent if ok and percent == percent.quantize(Decimal("0.01")) else None


def _row(fields: Fields) -> Row | None:
    desc = fields.text("desc", max_length=200)
    count = _quantity(fields.data.get("count", 1))
    if count is None:
        fields.error("count", "must be a number greater than zero (at most 3 decimals)")
    amount = fields.amount("amount", allow_zero=True)
    taxpr = _percent(fields.data.get("taxpr", 0))
    if taxpr is None:
        fields.error("taxpr", "must be a percentage from 0 to 100")
    if desc is None or count is None or amount is None or taxpr is None:
        return None
    return Row(desc, count, amount, taxpr)


def _payrows(fields: Fields, *, required: bool) -> list[Row]:
    raw = fields.data.get("payrow")
    if raw in (None, []):
        if required:
            fields.error("payrow", "is required (at least one row)")
        return []
    if not isinstance(raw, list):
        fields.error("payrow", "must be a list of rows")
        return []
    rows = []
    for index, item in enumerate(raw):
        reader = Fields(item, prefix=f"{fields.prefix}payrow[{index}].")
        rows.append(_row(reader))
        fields.errors += reader.errors
    return [r for r in rows if r is not None]


def _party(fields: Fields, country: str) -> Party | None:
    customertype = fields.choice("customertype", ["1", "2"])
    company = customertype == "1"
    name = fields.text("company" if company else "person")
    code_field = "businessid" if company else "ssn"
    code = fields.identity(code_field, country=country, company=company)
    address = fields.text("address")
    postcode = fields.text("postcode", max_length=10)
    city = fields.text("city", max_length=100)
    email = fields.text("email", required=False, max_length=254) or ""
    language = fields.choice("language", LANGUAGES, required=False) or ""
    if not (customertype and name and code and address and postcode and city):
        return None
    kind = "company" if company else "person"
    return Party(kind, name, code, country, address, postcode, city, email, language)


def _creditor(fields: Fields, country: str, own: Creditor | None) -> Creditor | None:
    given = fields.text("creditorbusinessid", required=own is None, max_length=20)
    if own is not None:
        if given and given != own.business_id:
            fields.error("creditorbusinessid", "is not the creditor of this account")
        return own
    if given is None:
        return None
    creditor = Creditor.objects.filter(country=country, business_id=given).first()
    if creditor is None:
        fields.error("creditorbusinessid", f"no creditor with this business id in {country}")
    return creditor


def _billing(fields: Fields, country: str, jobtype: int | None) -> dict[str, Any]:
    invoice = jobtype in INVOICE_TYPES
    values: dict[str, Any] = {
        "billnum": fields.text("billnum", required=not invoice, max_length=40) or "",
        "billcode": fields.text("billcode", required=not invoice, max_length=30) or "",
        "billdate": fields.date("billdate"),
        "paydate": fields.date("paydate"),
        "noticedate": fields.date(
            "noticedate", required=jobtype == JobType.COLLECTION and country == "FI"
        ),
        "description": fields.text("description", required=False, max_length=300) or "",
    }
    if values["billcode"] and not is_valid_reference(country, values["billcode"]):
        fields.error("billcode", f"is not a valid {country} payment reference")
    if values["billdate"] and values["paydate"] and values["paydate"] < values["billdate"]:
        fields.error("paydate", "must not be before billdate")
    return values


def _capital(fields: Fields, jobtype: int | None, rows: list[Row]) -> Decimal | None:
    """Invoices: the rows' total with tax; reminders and collections: ``amount`` (open capital)."""
    invoice = jobtype in INVOICE_TYPES
    amount = fields.amount("amount", required=not invoice)
    if not invoice:
        return amount
    total = sum((r.total for r in rows), Decimal(0))
    if rows and total <= 0:
        fields.error("payrow", "the rows must total more than zero")
    if amount is not None and rows and amount != total:
        fields.error("amount", f"does not match the rows' total {total}")
    return total


def _jobtype(fields: Fields) -> int | None:
    value = fields.data.get("jobtype")
    if str(value) not in JOBTYPES or isinstance(value, bool):
        fields.error("jobtype", "must be 0 or 300 (invoice), 1 (reminder) or 2 (collection)")
        return None
    return int(str(value))


def _taken(fields: Fields, creditor: Creditor, billing: dict[str, Any], seen: set) -> None:
    for name in ("billnum", "billcode"):
        value = billing[name]
        if not value:
            continue
        if (creditor.pk, name, value) in seen or Case.objects.filter(
            creditor=creditor, **{name: value}
        ).exists():
            fields.error(name, "is already used by another job of this creditor")
        seen.add((creditor.pk, name, value))


def _new_case(
    jobtype: int, creditor: Creditor, party: Party, billing: dict, **more: Any
) -> NewCase:
    company = party.kind == "company"
    rows = more["rows"] or [
        Row(
            billing["description"] or f"Invoice {billing['billnum']}",
            Decimal(1),
            more["capital"],
            Decimal(0),
        )
    ]
    return NewCase(
        creditor=creditor,
        party=party,
        jobtype=jobtype,
        rows=rows,
        capital=more["capital"],
        channel="ropo_one",
        receivables_type=ReceivablesType.B2B if company else ReceivablesType.B2C,
        collection_type=CollectionType.COLLECTION
        if jobtype == JobType.COLLECTION
        else CollectionType.REMINDER_AND_COLLECTION,
        created_data=more["created_data"],
        **billing,
    )


def parse_job(
    item: Any, index: int, *, country: str, own: Creditor | None, seen: set, created_data: dict
) -> ParsedJob:
    """One dataset item: a ``NewCase`` to create, or the item's field errors."""
    fields = Fields(item)
    jobtype = _jobtype(fields)
    creditor = _creditor(fields, country, own)
    party = _party(fields, country)
    billing = _billing(fields, country, jobtype)
    rows = _payrows(fields, required=jobtype in INVOICE_TYPES)
    capital = _capital(fields, jobtype, rows)
    if creditor is not None:
        _taken(fields, creditor, billing, seen)
    errors = [{"index": index, "field": e.field, "message": e.message} for e in fields.errors]
    if errors or jobtype is None or creditor is None or party is None or capital is None:
        return ParsedJob(None, errors)
    new = _new_case(
        jobtype, creditor, party, billing, rows=rows, capital=capital, created_data=created_data
    )
    return ParsedJob(new)


def dataset_items(body: Any) -> tuple[list[Any], list[dict[str, Any]]]:
    """The ``datastream.dataset`` list, or an error for the envelope."""
    datastream = body.get("datastream") if isinstance(body, dict) else None
    dataset = datastream.get("dataset") if isinstance(datastream, dict) else None
    if not isinstance(dataset, list) or not dataset:
        message = "must be a non-empty list of jobs"
        return [], [{"index": None, "field": "datastream.dataset", "message": message}]
    if len(dataset) > MAX_JOBS:
        message = f"at most {MAX_JOBS} jobs per call"
        return [], [{"index": None, "field": "datastream.dataset", "message": message}]
    return dataset, []
