"""Disputes: a debtor contests a claim, the case is held (no steps, no fees) until it closes.

Ropo One's public documentation has no dispute call; the sandbox assumes one
(``POST /rest/jobs/dispute``, see the portal's ``docs/upstream-contracts.md``). Opening holds
the case; closing releases it, and a stage that was running starts its waiting time again
from the day collection resumes, so the debtor never meets a step that fell due while held.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from sandbox.engine.clock import sandbox_today
from sandbox.engine.models import Case, EventKind, Status
from sandbox.engine.services.cases import store, timeline_of
from sandbox.engine.services.errors import CaseClosed, CaseError
from sandbox.engine.timeline import EventSpec


def _event(case: Case, kind: str, amount: Decimal | None, data: dict) -> Case:
    timeline = timeline_of(case)
    today = sandbox_today()
    if kind == EventKind.DISPUTE_OPENED:
        timeline.accrue(today)  # interest up to the day the hold starts, then none
    elif timeline.stage in ("reminder", "collection", "legal"):
        timeline.stage_since = today
        timeline.accrued_to = today
    timeline.events.append(EventSpec(kind=kind, on=today, amount=amount, data=data))
    store(case, timeline)
    return case


@transaction.atomic
def open_dispute(
    case: Case, *, amount: Decimal, reason: str, idempotency_key: str | None = None
) -> Case:
    """Hold the case. Opening a dispute that is already open changes nothing."""
    case = Case.objects.select_related("creditor", "debtor").get(pk=case.pk)
    if case.status != Status.OPEN:
        raise CaseClosed("job_closed", f"job {case.jobid} is already {case.status}")
    if amount <= 0 or amount > case.open_amount:
        raise CaseError(
            "invalid_amount", "the disputed amount must be within the open amount", field="amount"
        )
    if case.on_hold:
        return case
    case.on_hold = True
    data = {"reason": reason[:500]}
    if idempotency_key:
        data["idempotency_key"] = idempotency_key
    return _event(case, EventKind.DISPUTE_OPENED, amount, data)


@transaction.atomic
def close_dispute(case: Case, *, outcome: str, idempotency_key: str | None = None) -> Case:
    """Release the case; closing one that is not held changes nothing."""
    case = Case.objects.select_related("creditor", "debtor").get(pk=case.pk)
    if not case.on_hold:
        return case
    case.on_hold = False
    data = {"outcome": outcome}
    if idempotency_key:
        data["idempotency_key"] = idempotency_key
    return _event(case, EventKind.DISPUTE_CLOSED, None, data)
