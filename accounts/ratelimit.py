"""Atomic failure counters with lockout, kept in the database so every process agrees.

One `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` per failure (PostgreSQL and SQLite
both speak it), so concurrent failures are all counted.
"""

import time
from dataclasses import dataclass

from django.db import connection

from accounts.models import AttemptCounter
from myropo import metrics


@dataclass(frozen=True)
class Rule:
    failures: int  # this many failures within `window` seconds ...
    window: int
    lockout: int  # ... lock the key for this many seconds


def is_locked(key: str, *, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    locked = AttemptCounter.objects.filter(key=key, locked_until__gt=now).exists()
    if locked:
        metrics.count_rate_limit_refusal(key)
    return locked


def record_failure(key: str, rule: Rule, *, now: float | None = None) -> bool:
    """Count one failure; returns True if the key is (now) locked."""
    now = time.time() if now is None else now
    table = AttemptCounter._meta.db_table
    sql = f"""
        INSERT INTO {table} (key, failures, window_started, locked_until)
        VALUES (%s, 1, %s, 0)
        ON CONFLICT (key) DO UPDATE SET
            failures = CASE WHEN {table}.window_started < %s THEN 1
                            ELSE {table}.failures + 1 END,
            window_started = CASE WHEN {table}.window_started < %s THEN %s
                                  ELSE {table}.window_started END
        RETURNING failures, locked_until
    """  # noqa: S608 - the table name is ours
    window_start = now - rule.window
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, now, window_start, window_start, now])
        failures, locked_until = cursor.fetchone()
        if failures >= rule.failures and locked_until <= now:
            cursor.execute(
                f"UPDATE {table} SET locked_until = %s, failures = 0, window_started = %s "  # noqa: S608
                "WHERE key = %s",
                [now + rule.lockout, now, key],
            )
            return True
    return locked_until > now


def clear(key: str) -> None:
    AttemptCounter.objects.filter(key=key).delete()
