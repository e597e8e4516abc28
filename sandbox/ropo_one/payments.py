"""``POST /rest/jobs/payment``: which job, what kind of booking, and the engine call.

As documented (``shared/upstream/ropo-one.md`` § 4.4): body ``amount`` (a JSON number; the
guide's example sends a decimal string, accepted too) and ``paydate``, the job by ``billcode``,
``jobid`` (an integer) or ``billnum``, resolved in that order when several are sent; optional
``type``, ``creditnotebillnum``, ``identifier``, ``description``. The answer is 201
``JobAddPaymentResponse`` ``{jobid, billnum, billcode, paydate}``. No idempotency key is
documented, so none is honoured: every POST books. Errors and the capital-cancellation ``type``
are assumptions (``sandbox/ropo_one/assumed.py``). A billcode or billnum that matches jobs of
several creditors (the integrator sees them all) is refused as ambiguous: use ``jobid``.

``_field_errors`` and ``_target`` serve the undocumented job actions (dispute, postpone,
payment plan), which keep the ``errorId`` dialect.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from sandbox.engine.http import json_response, problem_response, ropo_one_error
from sandbox.engine.models import Case
from sandbox.engine.services.bookings import book_credit, book_payment
from sandbox.engine.services.errors import CaseError
from sandbox.engine.validation import Fields
from sandbox.ropo_one import assumed

KEYS = ("jobid", "billcode", "billnum")
LOOKUP_ORDER = ("billcode", "jobid", "billnum")  # documented
SOURCE = "ropo_one_api"
TITLES = {400: "Bad request", 404: "Not found", 409: "Conflict"}


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


def problem(status: int, code: str, detail: str, errors: list[dict] | None = None) -> HttpResponse:
    extra = {"errors": errors} if errors else {}
    return problem_response(
        status,
        assumed.PROBLEM_TYPE_BASE + code,
        TITLES.get(status, "Error"),
        detail,
        content_type=assumed.PROBLEM_CONTENT_TYPE,
        **extra,
    )


def _jobid(fields: Fields) -> str | None:
    """``jobid`` is documented as an integer; a string of digits is read as one too."""
    value = fields.data.get("jobid")
    if value in (None, ""):
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return str(value)
    if isinstance(value, str) and value.strip().isdigit():
        return str(int(value.strip()))
    fields.error("jobid", "must be a whole number")
    return None


def _lookup(fields: Fields) -> tuple[str, str] | None:
    """The one key the job is found by (documented order billcode -> jobid -> billnum)."""
    keys = {
        "billcode": fields.text("billcode", required=False, max_length=40),
        "jobid": _jobid(fields),
        "billnum": fields.text("billnum", required=False, max_length=40),
    }
    for key in LOOKUP_ORDER:
        if keys[key]:
            return key, keys[key]
    if not fields.errors:
        fields.error("jobid", "one of billcode, jobid, billnum is required")
    return None


def _find(cases: QuerySet[Case], key: str, value: str) -> Case | HttpResponse:
    matches = list(cases.filter(**{key: value})[:2])
    if not matches:
        return problem(404, "job_not_found", f"no job with {key} {value} for this account")
    if len(matches) > 1:
        return problem(400, "ambiguous_job", "several jobs match: give the jobid")
    return matches[0]


def book(request: HttpRequest, cases: QuerySet[Case], body: dict[str, Any]) -> HttpResponse:
    fields = Fields(body)
    amount = fields.amount("amount")
    paydate = fields.date("paydate")
    kind = fields.choice("type", list(assumed.PAYMENT_TYPES), required=False)
    creditnote = fields.text("creditnotebillnum", required=False, max_length=40) or ""
    description = fields.text(
        "description", required=False, max_length=assumed.PAYMENT_DESCRIPTION_MAX_LENGTH
    )
    fields.text("identifier", required=False, max_length=40)
    lookup = _lookup(fields)
    if fields.errors or amount is None or paydate is None or lookup is None:
        errors = [{"field": e.field, "message": e.message} for e in fields.errors]
        return problem(400, "validation_failed", "the payment was not booked", errors)
    case = _find(cases, *lookup)
    if isinstance(case, HttpResponse):
        return case
    common = {"amount": amount, "booked_on": paydate, "source": SOURCE}
    common["description"] = description or ""
    try:
        if kind == assumed.PAYMENT_TYPE_CAPITAL_CANCELLATION:
            case = book_credit(case, creditnotebillnum=creditnote, **common)
        else:
            case = book_payment(case, **common)
    except CaseError as exc:
        errors = [{"field": exc.field, "message": exc.message}] if exc.field else None
        return problem(exc.status, exc.code, exc.message, errors)
    answer = {
        "jobid": int(case.jobid),
        "billnum": case.billnum,
        "billcode": case.billcode,
        "paydate": paydate.isoformat(),
    }
    return json_response(answer, status=201)
