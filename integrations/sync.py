"""Which feeds the portal pulls, and when each last ran through without an error.

A run that ends in an `UpstreamError` leaves `succeeded_at` as it was, so the lag (now minus
the last success) grows while the sandbox or upstream is down. /metrics and /readyz read it.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from integrations.models import SyncCursor

MAVENTA_ASSIGNMENTS = "maventa.assignments.newest"


def ropo_one_status_updates(country: str) -> str:
    return f"ropo_one.statusupdates.{country}"


@dataclass(frozen=True)
class Feed:
    name: str
    upstream: str
    country: str
    succeeded_at: datetime.datetime | None

    def lag_seconds(self, now: datetime.datetime) -> float | None:
        """Seconds since the last success; None for a feed that has never succeeded."""
        return None if self.succeeded_at is None else (now - self.succeeded_at).total_seconds()


def record_success(name: str) -> None:
    """Mark a run of the feed `name` as finished without an error (just now)."""
    SyncCursor.objects.get_or_create(name=name)
    SyncCursor.objects.filter(name=name).update(succeeded_at=timezone.now())


def feeds() -> list[Feed]:
    """Every feed the portal pulls (one query), with its last success."""
    expected = {
        ropo_one_status_updates(country): ("ropo_one", country)
        for country in settings.SYNC_COUNTRIES
    }
    expected[MAVENTA_ASSIGNMENTS] = ("maventa", "FI")
    succeeded = dict(
        SyncCursor.objects.filter(name__in=expected).values_list("name", "succeeded_at")
    )
    return [
        Feed(name, upstream, country, succeeded.get(name))
        for name, (upstream, country) in expected.items()
    ]
