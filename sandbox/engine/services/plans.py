"""Payment plans the portal agrees with a debtor, and plans that lapse.

Not in Ropo One's published API (an assumption, see the portal's
``docs/upstream-contracts.md``): the portal sends the plan it built (fee within the law,
instalments exact to the cent); the sandbox checks that the instalments pay what will be open
and moves the case to ``payment_plan``. A lapse moves it back to collection.
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

PLANNABLE_STAGES = ("invoice", "reminder", "collection")


def _fresh(case: Case) -> Case:
    case = Case.objects.select_related("creditor", "debtor").get(pk=case.pk)
    if case.status != Status.OPEN:
        raise CaseClosed("job_closed", f"job {case.jobid} is already {case.status}")
    return case


@transaction.atomic
def agree_plan(
    case: Case,
    *,
    schedule: list[tuple[date, Decimal]],
    fee: Decimal,
    idempotency_key: str | None = None,
) -> tuple[Case, list[tuple[date, Decimal]]]:
    """Agree the plan; answers the case and the instalments as agreed (the last one carries
    any interest booked since the portal priced the plan)."""
    case = _fresh(case)
    if case.stage not in PLANNABLE_STAGES or case.on_hold:
        raise CaseError("not_plannable", f"a case in {case.stage} cannot get a payment plan")
    if fee < ZERO or not schedule or any(amount <= ZERO for _, amount in schedule):
        raise CaseError("invalid_plan", "the fee and every instalment must be positive amounts")
    today = sandbox_today()
    if schedule[0][0] < today or [d for d, _ in schedule] != sorted(d for d, _ in schedule):
        raise CaseError("invalid_plan", "instalment days must be in order and not in the past")
    timeline = timeline_of(case)
    timeline.accrue(today)
    # The portal priced the plan from its replica; interest booked since then goes onto the
    # last instalment (and the answer says so), so the plan always pays exactly what is open.
    difference = timeline.open_amount + fee - sum((amount for _, amount in schedule), ZERO)
    last_due, last_amount = schedule[-1]
    if last_amount + difference <= ZERO:
        message = f"the instalments add up to more than the {timeline.open_amount + fee} open"
        raise CaseError("plan_does_not_add_up", message, field="instalments")
    schedule = [*schedule[:-1], (last_due, last_amount + difference)]
    trace = {"idempotency_key": idempotency_key} if idempotency_key else {}
    timeline.agree_schedule(today, schedule, fee, **trace)
    store(case, timeline)
    return case, schedule


@transaction.atomic
def lapse_plan(case: Case, *, idempotency_key: str | None = None) -> Case:
    case = _fresh(case)
    if case.stage != "payment_plan":
        return case  # already lapsed (or never on a plan): nothing more to do
    timeline = timeline_of(case)
    timeline.lapse_plan(
        sandbox_today(), **({"idempotency_key": idempotency_key} if idempotency_key else {})
    )
    store(case, timeline)
    return case
