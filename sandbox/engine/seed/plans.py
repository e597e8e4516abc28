"""What happens to each demo case: the scenario mix, the plan of days, and playing it.

A ``Plan`` says which stages a case goes through and on which day after its bill date; the
outcome (open, postponed, paid, cancelled, payment plan) decides how its story ends. Playing a
plan records the steps on a ``Timeline``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sandbox.engine.money import money
from sandbox.engine.timeline import Timeline

LADDER = ("invoice", "reminder", "collection", "legal")

# How the 200 cases spread over stages and outcomes (scaled if the cast changes).
SCENARIO_WEIGHTS: dict[str, int] = {
    "invoice_open": 30,
    "invoice_postponed": 6,
    "reminder_open": 30,
    "collection_open": 32,
    "legal_open": 14,
    "plan_open": 16,
    "plan_completed": 6,
    "paid_invoice": 20,
    "paid_reminder": 14,
    "paid_collection": 12,
    "paid_legal": 4,
    "cancelled_invoice": 10,
    "cancelled_reminder": 6,
}


def scenario_sequence(total: int) -> list[str]:
    """Spread the scenarios evenly (stride scheduling): every stretch of ~50 holds every kind."""
    weight_sum = sum(SCENARIO_WEIGHTS.values())
    taken = dict.fromkeys(SCENARIO_WEIGHTS, 0)
    sequence = []
    for i in range(total):
        kind = max(
            SCENARIO_WEIGHTS, key=lambda k: SCENARIO_WEIGHTS[k] * (i + 1) / weight_sum - taken[k]
        )
        taken[kind] += 1
        sequence.append(kind)
    return sequence


@dataclass(frozen=True)
class Plan:
    """What happens to one case, in days after its bill date (resolved to dates later)."""

    scenario: str
    start: str
    final: str
    outcome: str
    due: int
    days: dict[str, int]


_OUTCOMES = {
    "invoice_open": ("invoice", "open"),
    "invoice_postponed": ("invoice", "postponed"),
    "reminder_open": ("reminder", "open"),
    "collection_open": ("collection", "open"),
    "legal_open": ("legal", "open"),
    "plan_open": ("", "plan"),
    "plan_completed": ("", "plan_done"),
    "paid_invoice": ("invoice", "paid"),
    "paid_reminder": ("reminder", "paid"),
    "paid_collection": ("collection", "paid"),
    "paid_legal": ("legal", "paid"),
    "cancelled_invoice": ("invoice", "cancelled"),
    "cancelled_reminder": ("reminder", "cancelled"),
}


def _start_stage(final: str, rng: random.Random) -> str:
    options = [
        s for s in ("invoice", "reminder", "collection") if LADDER.index(s) <= LADDER.index(final)
    ]
    weights = {"invoice": 5, "reminder": 4, "collection": 2}
    return rng.choices(options, weights=[weights[s] for s in options])[0]


def _milestones(rng: random.Random, due: int, *, maventa: bool, company: bool) -> dict[str, int]:
    # Maventa accepts a transfer 7 (B2B) or 14 (B2C) days after the due date.
    first_reminder = due + (rng.randint(7, 12) if company or not maventa else rng.randint(14, 20))
    collection = first_reminder + 14 + rng.randint(5, 15)
    return {
        "invoice": 0,
        "reminder": first_reminder,
        "collection": collection,
        "legal": collection + rng.randint(45, 90),
    }


def make_plan(
    scenario: str, rng: random.Random, *, maventa_possible: bool, company: bool
) -> tuple[Plan, bool]:
    final, outcome = _OUTCOMES[scenario]
    if not final:
        final = rng.choice(("reminder", "collection"))
    start = _start_stage(final, rng)
    maventa = maventa_possible and start != "invoice" and rng.random() < 0.6
    due = rng.choice((14, 14, 21, 30)) if not company else rng.choice((14, 30))
    days = _milestones(rng, due, maventa=maventa, company=company)
    return Plan(scenario, start, final, outcome, due, days), maventa


# -- playing a plan ----------------------------------------------------------------------------


def outcome_days(plan: Plan, rng: random.Random) -> tuple[dict[str, object], int]:
    """Choose the days of the outcome steps and the number of days from bill date to today."""
    days = plan.days
    last = days[plan.final]
    following = {
        "invoice": days["reminder"],
        "reminder": days["collection"],
        "collection": days["legal"],
    }
    out: dict[str, object] = {}
    if plan.outcome == "open":
        upper = following.get(plan.final, last + 121) - 1
        if plan.final == "collection" and rng.random() < 0.35:
            out["part_payment"] = last + rng.randint(5, 30)
            return out, rng.randint(int(out["part_payment"]) + 1, upper)
        return out, rng.randint(last if plan.final == "invoice" else last + 1, upper)
    if plan.outcome == "postponed":
        postponed = rng.randint(max(1, plan.due - 7), plan.due)
        new_due = plan.due + rng.choice((14, 21, 30))
        out.update(postponed=postponed, new_due=new_due)
        return out, rng.randint(postponed, new_due + 6)
    if plan.outcome == "paid":
        windows = {
            "invoice": (max(1, plan.due - 10), min(plan.due + 5, days["reminder"] - 1)),
            "reminder": (last + 3, last + 14),
            "collection": (last + 5, last + 40),
            "legal": (last + 10, last + 60),
        }
        out["paid_on"] = rng.randint(*windows[plan.final])
        return out, int(out["paid_on"]) + rng.randint(1, 200)
    if plan.outcome == "cancelled":
        low, high = (2, plan.due + 5) if plan.final == "invoice" else (last + 2, last + 10)
        out["cancelled_on"] = rng.randint(low, high)
        return out, int(out["cancelled_on"]) + rng.randint(1, 200)
    # Payment plans: agreed after the last stage reached; "plan_done" pays every instalment.
    agreed = last + rng.randint(5, 12)
    count = rng.randint(2, 4) if plan.outcome == "plan_done" else rng.randint(3, 8)
    paid_count = count if plan.outcome == "plan_done" else rng.randint(0, count - 1)
    out.update(plan_agreed=agreed, instalments=count, instalments_paid=paid_count)
    first_due = agreed + 14
    if plan.outcome == "plan_done":
        return out, first_due + 30 * (count - 1) + rng.randint(1, 150)
    previous = agreed if paid_count == 0 else first_due + 30 * (paid_count - 1)
    return out, rng.randint(previous + 1, first_due + 30 * paid_count - 1)


def play_stages(
    plan: Plan, timeline: Timeline, day: Callable[[int], date], *, jobtype: int, channel: str
) -> None:
    days = plan.days
    timeline.create(day(days[plan.start]), jobtype=jobtype, channel=channel)
    for stage in LADDER[LADDER.index(plan.start) : LADDER.index(plan.final) + 1]:
        on = day(days[stage])
        if stage == "invoice":
            timeline.send_invoice(on)
        elif stage == "reminder":
            timeline.remind(on)
        elif stage == "collection":
            timeline.collect(on, notice=day(days["reminder"]))
        else:
            timeline.go_legal(on)


def play_outcome(
    plan: Plan, timeline: Timeline, day: Callable[[int], date], out: dict, rng: random.Random
) -> None:
    if plan.outcome == "postponed":
        timeline.postpone(day(out["postponed"]), day(out["new_due"]))
    elif plan.outcome == "paid":
        source = rng.choice(("bank_transfer", "myropo", "direct_to_creditor"))
        timeline.pay_in_full(day(out["paid_on"]), source=source)
    elif plan.outcome == "cancelled":
        timeline.cancel(
            day(out["cancelled_on"]), creditnotebillnum=f"CN-{rng.randint(10000, 99999)}"
        )
    elif plan.outcome in ("plan", "plan_done"):
        schedule = timeline.agree_plan(day(out["plan_agreed"]), out["instalments"])
        for number, (due, amount) in enumerate(schedule[: out["instalments_paid"]], start=1):
            timeline.pay(
                due - timedelta(days=rng.randint(0, 2)), amount, source="myropo", instalment=number
            )
        if plan.outcome == "plan_done":
            timeline.close(schedule[-1][0], "paid")
    elif "part_payment" in out:
        share = Decimal(rng.randint(20, 50)) / Decimal(100)
        timeline.pay(
            day(out["part_payment"]), money(timeline.open_amount * share), source="bank_transfer"
        )
