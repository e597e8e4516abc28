"""``POST /rest/jobs/paymentplan``: agree a plan the debtor built, or end one (assumed API).

Body: one of ``jobid`` / ``billcode`` / ``billnum``; ``action`` ``agree`` (default) with
``fee`` and ``instalments`` (``[{"due": "YYYY-MM-DD", "amount": "12.34"}, ...]``, adding up
to the open amount plus the fee on the day), or ``lapse``. With an ``Idempotency-Key`` a
repeated request answers as the first did.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from sandbox.engine.http import json_response, ropo_one_error
from sandbox.engine.models import Case
from sandbox.engine.services.errors import CaseError
from sandbox.engine.services.plans import agree_plan, lapse_plan
from sandbox.engine.snapshots import money
from sandbox.engine.validation import Fields
from sandbox.ropo_one.payments import _field_errors, _target


def _schedule(raw: Any) -> list[tuple[date, Decimal]] | None:
    if not isinstance(raw, list) or not 1 <= len(raw) <= 120:
        return None
    try:
        return [(date.fromisoformat(item["due"]), Decimal(str(item["amount"]))) for item in raw]
    except (KeyError, TypeError, ValueError, InvalidOperation):
        return None


def payment_plan(request: HttpRequest, cases: QuerySet[Case], body: dict[str, Any]) -> HttpResponse:
    fields = Fields(body)
    action = fields.choice("action", ["agree", "lapse"], required=False) or "agree"
    fee = fields.amount("fee", allow_zero=True, required=action == "agree")
    schedule = _schedule(body.get("instalments")) if action == "agree" else []
    if schedule is None:
        fields.error("instalments", 'must be a list of {"due": "YYYY-MM-DD", "amount": "1.00"}')
    if fields.errors:
        return _field_errors(fields)
    case = _target(cases, body)
    if isinstance(case, HttpResponse):
        return case
    try:
        if action == "agree":
            case, schedule = agree_plan(
                case, schedule=schedule, fee=fee, idempotency_key=request.idempotency_key
            )
        else:
            case = lapse_plan(case, idempotency_key=request.idempotency_key)
    except CaseError as exc:
        field = [{"index": None, "field": exc.field, "message": exc.message}] if exc.field else None
        return ropo_one_error(exc.status, exc.code, exc.message, field)
    return json_response(
        {
            "jobid": case.jobid,
            "instalments": [{"due": d.isoformat(), "amount": money(a)} for d, a in schedule],
            "stage": case.stage,
            "open_amount": money(case.open_amount),
            "version": case.version,
        }
    )
