"""``POST /rest/jobs/dispute``: hold a case while its debtor disputes it, release it after.

Not in Ropo One's published API (an assumption of the sandbox, see the portal's
``docs/upstream-contracts.md``). Body: one of ``jobid`` / ``billcode`` / ``billnum``,
``action`` (``open`` or ``close``); for ``open`` the disputed ``amount`` and a ``reason``;
for ``close`` the ``outcome`` (``upheld``, ``rejected`` or ``withdrawn``). A repeated open or
close answers with the case's current state and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from sandbox.engine.http import json_response, ropo_one_error
from sandbox.engine.models import Case
from sandbox.engine.services.disputes import close_dispute, open_dispute
from sandbox.engine.services.errors import CaseError
from sandbox.engine.validation import Fields
from sandbox.ropo_one.payments import _field_errors, _target

ACTIONS = ["open", "close"]
OUTCOMES = ["upheld", "rejected", "withdrawn"]


def dispute(request: HttpRequest, cases: QuerySet[Case], body: dict[str, Any]) -> HttpResponse:
    fields = Fields(body)
    action = fields.choice("action", ACTIONS)
    if action == "open":
        amount = fields.amount("amount")
        reason = fields.text("reason", max_length=500)
    elif action == "close":
        outcome = fields.choice("outcome", OUTCOMES)
    if fields.errors:
        return _field_errors(fields)
    case = _target(cases, body)
    if isinstance(case, HttpResponse):
        return case
    try:
        if action == "open":
            case = open_dispute(
                case, amount=amount, reason=reason, idempotency_key=request.idempotency_key
            )
        else:
            case = close_dispute(case, outcome=outcome, idempotency_key=request.idempotency_key)
    except CaseError as exc:
        field = [{"index": None, "field": exc.field, "message": exc.message}] if exc.field else None
        return ropo_one_error(exc.status, exc.code, exc.message, field)
    return json_response({"jobid": case.jobid, "on_hold": case.on_hold, "version": case.version})
