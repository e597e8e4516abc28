"""The Ropo One status-update feed: each change handed to each consumer once, coalesced per case.

A consumer is one account in one country tree (the portal's integrator or a creditor's cid).
Each call hands out up to ``limit`` cases whose current ``version`` that consumer has not seen,
oldest change first, one snapshot per case (however many events happened since the last
delivery) with ``updateid`` = the id of the case's latest event. What was handed out is
recorded at once: a response lost on the way is not handed out again (the portal reconciles
open cases for that). Duplicates (a fault knob) replay snapshots delivered earlier, possibly
older than the case's current version.
"""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet

from sandbox.engine.clock import sandbox_now
from sandbox.engine.models import Case, CaseEvent, Creditor, FeedDelivery
from sandbox.engine.snapshots import case_snapshot, with_details

MAX_LIMIT = 1000


def consumer_key(country: str, principal: str) -> str:
    return f"{country}:{principal}"


def scope(country: str, creditor: Creditor | None) -> QuerySet[Case]:
    """The cases one Ropo One account sees in one country tree."""
    cases = Case.objects.filter(creditor__country=country)
    return cases.filter(creditor=creditor) if creditor is not None else cases


def _pending(cases: QuerySet[Case], consumer: str, limit: int) -> list[Case]:
    seen = FeedDelivery.objects.filter(
        consumer=consumer, case=OuterRef("pk"), version__gte=OuterRef("version")
    )
    pending = cases.filter(~Exists(seen)).annotate(updateid=Max("events__id"))
    return list(with_details(pending).order_by("updateid", "pk")[:limit])


def _duplicates(
    consumer: str, exclude: list[int], wanted: int, rng: random.Random
) -> list[dict[str, Any]]:
    if wanted <= 0:
        return []
    earlier = list(
        FeedDelivery.objects.filter(consumer=consumer)
        .exclude(case_id__in=exclude)
        .values_list("id", flat=True)
    )
    picked = rng.sample(earlier, min(wanted, len(earlier)))
    return list(FeedDelivery.objects.filter(id__in=picked).values_list("payload", flat=True))


def _interleave(
    fresh: list[dict[str, Any]], duplicates: list[dict[str, Any]], limit: int
) -> list[dict[str, Any]]:
    """Fresh first, a duplicate after each of the first ones, cut at ``limit``."""
    mixed: list[dict[str, Any]] = []
    for index, item in enumerate(fresh):
        mixed.append(item)
        if index < len(duplicates):
            mixed.append(duplicates[index])
    return mixed[:limit]


def _record(consumer: str, cases: list[Case], payloads: list[dict[str, Any]]) -> None:
    now = sandbox_now()
    FeedDelivery.objects.bulk_create(
        [
            FeedDelivery(consumer=consumer, case=c, version=c.version, payload=p, delivered_at=now)
            for c, p in zip(cases, payloads, strict=True)
        ],
        update_conflicts=True,
        unique_fields=["consumer", "case"],
        update_fields=["version", "payload", "delivered_at"],
    )
    CaseEvent.objects.filter(case__in=cases, delivered=False).update(
        delivered=True, delivered_at=now
    )


@transaction.atomic
def pull_updates(
    cases: QuerySet[Case],
    *,
    consumer: str,
    limit: int = MAX_LIMIT,
    duplicate_rate: float = 0.0,
    rng: random.Random | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """The next batch for ``consumer`` and how many duplicates it holds; ``[]`` when drained."""
    limit = max(1, min(limit, MAX_LIMIT))
    pending = _pending(cases, consumer, limit)
    if not pending:
        return [], 0
    fresh = [case_snapshot(c, updateid=c.updateid) for c in pending]
    rng = rng or random.Random()
    wanted = sum(rng.random() < duplicate_rate for _ in fresh) if duplicate_rate else 0
    duplicates = _duplicates(consumer, [c.pk for c in pending], wanted, rng)
    batch = _interleave(fresh, duplicates, limit)
    fresh_ids = {id(item) for item in fresh}
    delivered = {item["jobid"] for item in batch if id(item) in fresh_ids}
    kept = [(c, s) for c, s in zip(pending, fresh, strict=True) if c.jobid in delivered]
    _record(consumer, [c for c, _ in kept], [s for _, s in kept])
    return batch, len(batch) - len(kept)
