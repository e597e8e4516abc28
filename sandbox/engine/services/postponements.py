"""Moving a case's due date (the portal's debtors do it within their creditor's policy).

Not in Ropo One's published API (see the portal's ``docs/upstream-contracts.md``). The case
gets a ``postponed`` event, the creditor's fee if any, and a postponement confirmation letter;
an invoice then waits for the new date before its reminder, a reminder before collection.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from sandbox.engine.clock import sandbox_today
from sandbox.engine.models import Case, Status
from sandbox.engine.money import ZERO
from sandbox.engine.services.cases import store, timeline_of
from sandbox.engine.services.errors import CaseClosed, CaseError
from sandbox.engine.timeline import EventSpec

POSTPONABLE_STAGES = ("invoice", "reminder")


@transaction.atomic
def postpone_case(
    case: Case, *, new_due: date, fee: Decimal, idempotency_key: str | None = None
) -> Case:
    case = Case.objects.select_related("creditor", "debtor").get(pk=case.pk)
    if case.status != Status.OPEN:
        raise CaseClosed("job_closed", f"job {case.jobid} is already {case.status}")
    if case.stage not in POSTPONABLE_STAGES or case.on_hold:
        raise CaseError("not_postponable", f"a case in {case.stage} cannot be postponed")
    today = sandbox_today()
    if new_due <= max(case.paydate, today):
        raise CaseError("invalid_date", "the new due date must be later", field="paydate")
    if fee < ZERO:
        raise CaseError("invalid_amount", "the fee must not be negative", field="fee")
    timeline = timeline_of(case)
    timeline.postpone(today, new_due)
    if idempotency_key:
        timeline.events[-1].data["idempotency_key"] = idempotency_key
    if fee > ZERO:
        timeline.fees += fee
        timeline.events.append(
            EventSpec(kind="fee_added", on=today, amount=fee, data={"fee": "postponement_fee"})
        )
    store(case, timeline)
    return case
