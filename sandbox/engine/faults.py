"""The fault knobs: settings kept in the database, and the dice each API request rolls.

``POST /faults`` replaces the whole configuration (missing knobs fall back to their defaults),
``DELETE /faults`` resets it. With a ``seed`` the dice are reproducible: request number *n*
(counted in the database, so every worker process shares the sequence) rolls
``random.Random(f"{seed}:{n}")``. Every request rolls its three dice in the same order (error,
timeout, lost response) whether or not they matter, then the feed may roll for duplicates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F

from sandbox.engine.models import FaultSettings
from sandbox.engine.validation import Fields

RATES = ("error_rate", "timeout_rate", "duplicate_rate", "lost_response_rate")
COUNTERS = ("errors", "timeouts", "lost_responses", "duplicates")
MAX_TIMEOUT_SECONDS = 120
MAX_LATENCY_MS = 60_000
DEFAULTS: dict[str, Any] = {
    "error_rate": 0.0,
    "timeout_rate": 0.0,
    "timeout_seconds": 5.0,
    "latency_ms": 0,
    "duplicate_rate": 0.0,
    "lost_response_rate": 0.0,
    "lost_response_as": "error",
    "transfer_pending_reads": 0,
    "seed": None,
}
MAX_PENDING_READS = 100
# How a lost answer (the work is done and committed) reaches the client: a 502, the connection
# cut in the middle of the answer, or no answer before ``timeout_seconds`` (then a 504).
LOST_RESPONSE_AS = ("error", "reset", "timeout")


class FaultConfigError(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("invalid fault settings")
        self.errors = errors


def describe(settings: FaultSettings | None = None) -> dict[str, Any]:
    settings = settings or FaultSettings.current()
    data = {name: getattr(settings, name) for name in DEFAULTS}
    data["draws"] = settings.draws
    data["injected"] = {name: getattr(settings, name) for name in COUNTERS}
    return data


def _number(fields: Fields, name: str, low: float, high: float) -> float | None:
    value = fields.data.get(name, DEFAULTS[name])
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        fields.error(name, "must be a number")
        return None
    number = float(value)
    if not low <= number <= high:
        fields.error(name, f"must be between {low:g} and {high:g}")
        return None
    return number


def _parse(data: Any) -> dict[str, Any]:
    fields = Fields(data)
    values: dict[str, Any] = {name: _number(fields, name, 0, 1) for name in RATES}
    values["timeout_seconds"] = _number(fields, "timeout_seconds", 0, MAX_TIMEOUT_SECONDS)
    latency = _number(fields, "latency_ms", 0, MAX_LATENCY_MS)
    values["latency_ms"] = int(latency) if latency is not None else None
    lost_as = fields.data.get("lost_response_as", DEFAULTS["lost_response_as"])
    if lost_as not in LOST_RESPONSE_AS:
        fields.error("lost_response_as", f"must be one of: {', '.join(LOST_RESPONSE_AS)}")
    values["lost_response_as"] = lost_as
    # Maventa transfers asynchronously: a new transfer answers `pending` to this many reads
    # of `GET /v2/invoices/{id}/assignment` before `sent` (0: `sent` at once).
    reads = _number(fields, "transfer_pending_reads", 0, MAX_PENDING_READS)
    values["transfer_pending_reads"] = int(reads) if reads is not None else None
    seed = fields.data.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        fields.error("seed", "must be a whole number or null")
    values["seed"] = seed
    unknown = set(fields.data) - set(DEFAULTS)
    for name in sorted(unknown):
        fields.error(name, "is not a fault knob")
    if fields.errors:
        raise FaultConfigError({e.field: e.message for e in fields.errors})
    return values


@transaction.atomic
def configure(data: Any) -> dict[str, Any]:
    """Replace the knobs (validated; raises ``FaultConfigError``) and zero the counters."""
    values = _parse(data)
    FaultSettings.current()
    FaultSettings.objects.filter(pk=1).update(**values, draws=0, **dict.fromkeys(COUNTERS, 0))
    return describe()


def reset() -> dict[str, Any]:
    return configure({})


@dataclass
class Dice:
    """One request's rolls against the knobs in force when it arrived."""

    settings: FaultSettings
    rng: random.Random
    error: bool = False
    timeout: bool = False
    lost_response: bool = False

    def roll_duplicate(self) -> bool:
        return self.settings.duplicate_rate > 0 and self.rng.random() < self.settings.duplicate_rate

    def count(self, counter: str, n: int = 1) -> None:
        FaultSettings.objects.filter(pk=1).update(**{counter: F(counter) + n})


def _active(settings: FaultSettings) -> bool:
    return settings.latency_ms > 0 or any(getattr(settings, rate) > 0 for rate in RATES)


def _rng(settings: FaultSettings) -> random.Random:
    if settings.seed is None:
        return random.Random()
    with transaction.atomic():
        FaultSettings.objects.filter(pk=1).update(draws=F("draws") + 1)
        n = FaultSettings.objects.values_list("draws", flat=True).get(pk=1)
    return random.Random(f"{settings.seed}:{n}")


def roll() -> Dice | None:
    """The dice for one API request, or ``None`` when every knob is off."""
    settings = FaultSettings.objects.filter(pk=1).first()
    if settings is None or not _active(settings):
        return None
    rng = _rng(settings)
    dice = Dice(settings, rng)
    dice.error = rng.random() < settings.error_rate
    dice.timeout = rng.random() < settings.timeout_rate
    dice.lost_response = rng.random() < settings.lost_response_rate
    return dice
