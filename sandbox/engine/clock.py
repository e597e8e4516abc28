"""The sandbox clock: real time plus an offset in days that can be advanced.

Everything in the case lifecycle (due dates, reminders, interest) reads time from here, so a
tester can jump weeks ahead and watch cases move without waiting.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def offset_days() -> int:
    from sandbox.engine.models import Clock

    return Clock.current().offset_days


def sandbox_now() -> datetime:
    """The current sandbox time (aware): real now + the clock's offset."""
    return timezone.now() + timedelta(days=offset_days())


def sandbox_today() -> date:
    """The current sandbox date in the sandbox's time zone (Europe/Helsinki)."""
    return timezone.localdate(sandbox_now())


def at_local(day: date, minute_of_day: int = 9 * 60) -> datetime:
    """An aware datetime on ``day`` at a given minute of the local day (default 09:00)."""
    minute_of_day = max(0, min(minute_of_day, 24 * 60 - 1))
    clock = time(minute_of_day // 60, minute_of_day % 60)
    return timezone.make_aware(datetime.combine(day, clock))
