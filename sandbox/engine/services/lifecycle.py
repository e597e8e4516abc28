"""The clock-driven lifecycle: invoice -> reminder -> collection -> legal (if the creditor allows).

``advance_clock`` moves the sandbox clock and plays every open case up to the new day: each
step that fell due on the way happens on its own day (with interest up to then), and interest
is booked up to the new day at the end. Payment plans and paid or cancelled cases stay where
they are: only payments and credit notes move them (``services/bookings.py``). Disputed cases
(``on_hold``) take no steps and accrue no interest until the dispute closes
(``services/disputes.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction

from sandbox.engine.clock import at_local, sandbox_now, sandbox_today
from sandbox.engine.fees import (
    COLLECTION_AFTER_REMINDER_DAYS,
    LEGAL_AFTER_COLLECTION_DAYS,
    REMINDER_AFTER_DUE_DAYS,
    REMINDER_DUE_DAYS,
)
from sandbox.engine.models import Case, Clock, Status
from sandbox.engine.services.cases import store, timeline_of
from sandbox.engine.services.receivables import refresh_all_services
from sandbox.engine.timeline import Timeline

Step = tuple[date, str]


@dataclass
class LifecycleReport:
    today: date
    cases_changed: int = 0
    events: int = 0
    steps: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "cases_changed": self.cases_changed,
            "events_created": self.events,
            "steps": dict(sorted(self.steps.items())),
        }


def next_step(timeline: Timeline, *, allows_legal: bool) -> Step | None:
    """The next step the case takes by itself, and the day it falls due."""
    since = timeline.stage_since or timeline.due
    if not timeline.escalates:
        return None  # a print-service job (jobtype 300): no reminder, no collection
    if timeline.stage == "invoice":
        return timeline.due + timedelta(days=REMINDER_AFTER_DUE_DAYS), "remind"
    if timeline.stage == "reminder":
        # A reminder whose due date was postponed waits for the new date (plus the grace).
        grace = COLLECTION_AFTER_REMINDER_DAYS - REMINDER_DUE_DAYS
        after_reminder = since + timedelta(days=COLLECTION_AFTER_REMINDER_DAYS)
        return max(after_reminder, timeline.due + timedelta(days=grace)), "collect"
    if timeline.stage == "collection" and allows_legal:
        return since + timedelta(days=LEGAL_AFTER_COLLECTION_DAYS), "go_legal"
    return None


def play(timeline: Timeline, until: date, *, allows_legal: bool) -> list[str]:
    """Play every step due by ``until``, then book interest up to ``until``."""
    done = []
    while timeline.is_open and (step := next_step(timeline, allows_legal=allows_legal)):
        on, name = step
        if on > until:
            break
        if name == "collect":
            timeline.collect(on, notice=timeline.noticedate)
        else:
            getattr(timeline, name)(on)
        done.append(name)
    timeline.accrue(until)
    return done


def _stamp(now: datetime) -> Callable[[date, int], datetime]:
    """Events of past days at office hours; nothing later than now."""
    return lambda on, index: min(at_local(on, 9 * 60 + index), now)


def run_case(case: Case, until: date, report: LifecycleReport, now: datetime) -> None:
    timeline = timeline_of(case)
    steps = play(timeline, until, allows_legal=case.creditor.allows_legal_collection)
    if not timeline.events:
        return
    events = store(case, timeline, when=_stamp(now))
    report.cases_changed += 1
    report.events += len(events)
    report.steps.update(steps)


@transaction.atomic
def run_lifecycle() -> LifecycleReport:
    """Bring every open case up to the sandbox's today."""
    today, now = sandbox_today(), sandbox_now()
    report = LifecycleReport(today=today)
    cases = Case.objects.filter(status=Status.OPEN, on_hold=False)
    cases = cases.select_related("creditor", "debtor")
    for case in cases.order_by("id"):
        run_case(case, today, report, now)
    refresh_all_services(now)
    return report


@transaction.atomic
def advance_clock(days: int) -> LifecycleReport:
    """Move the clock ``days`` ahead (0 only runs the lifecycle) and play every case to then."""
    if days < 0:
        raise ValueError("the sandbox clock only moves forward")
    clock = Clock.current()
    clock.offset_days += days
    clock.save(update_fields=["offset_days", "updated"])
    return run_lifecycle()
