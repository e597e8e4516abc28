"""A lock shared by every process (cache-backed), for work that must not run twice at once."""

import contextlib
import uuid
from collections.abc import Iterator

from django.core.cache import cache


@contextlib.contextmanager
def single_run(name: str, *, seconds: int) -> Iterator[bool]:
    """Yields True if this process got the lock; it expires after `seconds` if we die."""
    key = f"lock:{name}"
    token = uuid.uuid4().hex
    acquired = cache.add(key, token, timeout=seconds)
    try:
        yield acquired
    finally:
        if acquired and cache.get(key) == token:
            cache.delete(key)
