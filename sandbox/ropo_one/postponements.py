"""``POST /rest/jobs/postpone``: move a case's due date (an assumption of the sandbox).

Body: one of ``jobid`` / ``billcode`` / ``billnum``, ``paydate`` (the new due date, later
than the current one and than today) and ``fee`` (the creditor's postponement fee, may be
``"0.00"``). Only cases in ``invoice`` or ``reminder`` that are not on hold. With an
``Idempotency-Key`` a repeated request answers as the first did and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from sandbox.engine.http import json_response, ropo_one_error
from sandbox.engine.models import Case
from sandbox.engine.services.errors import CaseError
from sandbox.engine.services.postponements import postpone_case
from sandbox.engine.snapshots import money
from sandbox.engine.validation import Fields
from sandbox.ropo_one.payments import _field_errors, _target


def postpone(request: HttpRequest, cases: QuerySet[Case], body: dict[str, Any]) -> HttpResponse:
    fields = Fields(body)
    new_due = fields.date("paydate")
    fee = fields.amount("fee", allow_zero=True)
    if fields.errors or new_due is None or fee is None:
        return _field_errors(fields)
    case = _target(cases, body)
    if isinstance(case, HttpResponse):
        return case
    try:
        case = postpone_case(
            case, new_due=new_due, fee=fee, idempotency_key=request.idempotency_key
        )
    except CaseError as exc:
        field = [{"index": None, "field": exc.field, "message": exc.message}] if exc.field else None
        return ropo_one_error(exc.status, exc.code, exc.message, field)
    return json_response(
        {
            "jobid": case.jobid,
            "paydate": case.paydate.isoformat(),
            "open_amount": money(case.open_amount),
            "version": case.version,
        }
    )
