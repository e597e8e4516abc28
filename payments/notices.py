"""How many refused or ignored gateway notices are kept: a flood must not grow the tables.

Every redirect and callback is still verified and acted on; only the record of one that
changed nothing (refused, or a replay of a final payment) is subject to a budget. Each client
address (`accounts.security.client_key`) may leave `PAYMENT_NOTICES_KEPT_PER_CLIENT` of them
per window of `PAYMENT_NOTICE_WINDOW_SECONDS`, the whole site `PAYMENT_NOTICES_KEPT_PER_SITE`;
past either, one audit entry says notices are being dropped, then nothing more is written
until the window turns. The counters live in the cache (shared by every process).
"""

import logging

from django.conf import settings
from django.core.cache import cache

from accounts import audit

logger = logging.getLogger(__name__)


def _count(name: str) -> int:
    """One more in the current window's counter `name`; returns the new count."""
    window = settings.PAYMENT_NOTICE_WINDOW_SECONDS
    key = f"payments:notices:{name}"
    cache.add(key, 0, timeout=window)  # the window starts with the first one
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def _dropping(scope: str, *, client: str) -> None:
    logger.warning("payments: dropping refused or ignored notices (%s budget spent)", scope)
    audit.record(
        "payment.notices_dropped",
        data={
            "scope": scope,
            "client": client if scope == "client" else "",
            "window_seconds": settings.PAYMENT_NOTICE_WINDOW_SECONDS,
        },
    )


def may_keep(*, client: str) -> bool:
    """Whether one more refused or ignored notice from `client` may be written now.

    A client past its budget writes one entry saying so, and that entry counts against the
    site's budget too, so many addresses cannot grow the tables either: at most
    `PAYMENT_NOTICES_KEPT_PER_SITE` notices or entries, and one more, per window.
    """
    per_client = settings.PAYMENT_NOTICES_KEPT_PER_CLIENT
    mine = _count(f"client:{client}")
    if mine > per_client + 1:
        return False
    per_site = settings.PAYMENT_NOTICES_KEPT_PER_SITE
    site = _count("site")
    if site > per_site:
        if site == per_site + 1:
            _dropping("site", client=client)
        return False
    if mine == per_client + 1:
        _dropping("client", client=client)
        return False
    return True
