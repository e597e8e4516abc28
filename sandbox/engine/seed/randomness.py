"""Stable randomness for the demo data: the same key gives the same numbers, run after run."""

from __future__ import annotations

import hashlib
import random
import uuid

from sandbox.engine.seed.catalog import SEED

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://sandbox.myropo.invalid/")


def rng_for(*parts: object) -> random.Random:
    """A random generator seeded by a stable key (str seeds hash with SHA-512: reproducible)."""
    return random.Random(":".join([SEED, *map(str, parts)]))


def stable_uuid(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join([SEED, *map(str, parts)]))


def stable_secret(*parts: object) -> str:
    return hashlib.sha256(":".join([SEED, *map(str, parts)]).encode()).hexdigest()[:32]
