"""``POST /rest/jobs/payment``: which job, what kind of booking, and the engine call.

Body: ``amount``, ``paydate``, one of ``jobid`` / ``billcode`` / ``billnum``, ``type``
(``payment``, the default, or ``capital_cancellation``) and for a cancellation optionally
``creditnotebillnum``. A billcode or billnum that matches jobs of several creditors (the
integrator sees them all) is refused as ambiguous: use ``jobid``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from sandbox.engine.http import json_response, ropo_one_error
from sandbox.engine.models import Case
from sandbox.engine.services.bookings import book_credit, book_payment
from sandbox.engine.services.errors import CaseError
from sandbox.engine.snapshots import money
from sandbox.engine.validation import Fields

TYPES = ["payment", "capital_cancellation"]
KEYS = ("jobid", "billcode", "billnum")
SOURCE = "ropo_one_api"


def _field_errors(fields: Fields) -> HttpResponse:
    errors = [{"index": None, "field": e.field, "message": e.message} for e in fields.errors]
    return ropo_one_error(400, "validation_failed", "the payment was not booked", errors)


def _target(cases: QuerySet[Case], body: dict[str, Any]) -> Case | HttpResponse:
    given = {key: str(body[key]).strip() for key in KEYS if body.get(key) not in (None, "")}
    if not given:
        return ropo_one_error(400, "validation_failed", "one of jobid, billcode, billnum is needed")
    matches = list(cases.filter(**given)[:2])
    if not matches:
        return ropo_one_error(404, "job_not_found", "no such job for this account")
    if len(matches) > 1:
        return ropo_one_error(400, "ambiguous_job", "several jobs match: give the jobid")
    return matches[0]


def book(request: HttpRequest, cases: QuerySet[Case], body: dict[str, Any]) -> HttpResponse:
    fields = Fields(body)
    amount = fields.amount("amount")
    paydate = fields.date("paydate")
    kind = fields.choice("type", TYPES, required=False) or "payment"
    creditnote = fields.text("creditnotebillnum", required=False, max_length=40) or ""
    if fields.errors or amount is None or paydate is None:
        return _field_errors(fields)
    case = _target(cases, body)
    if isinstance(case, HttpResponse):
        return case
    common = {"amount": amount, "booked_on": paydate, "source": SOURCE}
    common["idempotency_key"] = request.idempotency_key
    try:
        if kind == "payment":
            case = book_payment(case, **common)
        else:
            case = book_credit(case, creditnotebillnum=creditnote, **common)
    except CaseError as exc:
        field = [{"index": None, "field": exc.field, "message": exc.message}] if exc.field else None
        return ropo_one_error(exc.status, exc.code, exc.message, field)
    return json_response(
        {
            "status": "booked",
            "jobid": case.jobid,
            "open_amount": money(case.open_amount),
            "version": case.version,
            "case_status": case.status,
        }
    )
