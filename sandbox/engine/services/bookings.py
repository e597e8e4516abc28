"""Money reported from outside: bypass payments and credit notes (capital cancellations).

Both arrive through either facade (Ropo One ``POST /rest/jobs/payment``, Maventa ``POST
/v1/assignments/{id}/events``). Each booking records the ``Idempotency-Key`` it came with (Maventa)
or the ``description`` it was posted with (Ropo One documents no key), so ``/truth`` can show
how often each request took effect.
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


def _fresh(case: Case) -> Case:
    """Re-read the case inside the (write-locked) transaction."""
    return Case.objects.select_related("creditor", "debtor").get(pk=case.pk)


def _check(case: Case, amount: Decimal, booked_on: date, field: str) -> None:
    if case.status != Status.OPEN:
        raise CaseClosed("job_closed", f"job {case.jobid} is already {case.status}")
    if amount <= ZERO:
        raise CaseError("invalid_amount", "the amount must be greater than zero", field=field)
    if booked_on > sandbox_today():
        raise CaseError("invalid_date", "the booking date lies in the future", field="paydate")


def _trace(idempotency_key: str | None, **data: object) -> dict[str, object]:
    trace: dict[str, object] = {k: v for k, v in data.items() if v not in (None, "")}
    if idempotency_key:
        trace["idempotency_key"] = idempotency_key
    return trace


@transaction.atomic
def book_payment(
    case: Case,
    *,
    amount: Decimal,
    booked_on: date,
    source: str,
    idempotency_key: str | None = None,
    reference: str = "",
    description: str = "",
) -> Case:
    """Book a payment (interest accrues to ``booked_on`` first); a settled case closes as paid."""
    case = _fresh(case)
    _check(case, amount, booked_on, "amount")
    timeline = timeline_of(case)
    trace = _trace(
        idempotency_key, paydate=booked_on.isoformat(), reference=reference, description=description
    )
    timeline.pay(booked_on, amount, source=source, **trace)
    timeline.close_if_settled(booked_on)
    store(case, timeline)
    return case


@transaction.atomic
def book_credit(
    case: Case,
    *,
    amount: Decimal,
    booked_on: date,
    source: str,
    idempotency_key: str | None = None,
    creditnotebillnum: str = "",
    description: str = "",
) -> Case:
    """Cancel capital; a fully credited case is cancelled (fees waived), a settled one paid."""
    case = _fresh(case)
    _check(case, amount, booked_on, "amount")
    if amount > case.capital:
        message = f"the credit {amount} exceeds the capital {case.capital}"
        raise CaseError("amount_exceeds_capital", message, field="amount")
    timeline = timeline_of(case)
    trace = _trace(
        idempotency_key,
        paydate=booked_on.isoformat(),
        creditnotebillnum=creditnotebillnum,
        description=description,
    )
    timeline.credit(booked_on, amount, source=source, **trace)
    timeline.close_if_settled(booked_on)
    store(case, timeline)
    return case
