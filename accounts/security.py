"""Security events as one JSON line each, without personal data.

Users appear by primary key, clients by a keyed hash of their address; never names, e-mail
addresses, identity codes or MyRopo IDs.
"""

import hashlib
import hmac
import ipaddress
import json
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger("security")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "event": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        return json.dumps(payload, default=str)


def client_ip(request: HttpRequest) -> str:
    """The client's address under the deployment's one rule; every limiter keys on this.

    `TRUSTED_CLIENT_IP_HEADER` (e.g. `X-Real-IP`) names a header our own proxy sets; otherwise
    `TRUSTED_PROXY_COUNT` proxies of ours append to `X-Forwarded-For`, so the entry that many
    places from the right is the one our outermost proxy saw (entries further left are the
    client's own word). With neither, `REMOTE_ADDR`. Unreadable values fall back to
    `REMOTE_ADDR`.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    header = settings.TRUSTED_CLIENT_IP_HEADER
    count = settings.TRUSTED_PROXY_COUNT
    if header:
        candidate = request.headers.get(header, "")
    elif count > 0:
        hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
        hops = [hop for hop in hops if hop]
        candidate = hops[-count] if len(hops) >= count else ""
    else:
        candidate = remote
    return _normalized(candidate) or _normalized(remote) or "0.0.0.0"  # noqa: S104


def _normalized(value: str) -> str:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client's address: lets us count attempts, not identify people.

    An IPv6 address counts as its /64, which one household or server gets whole."""
    address = client_ip(request)
    if ":" in address:
        address = str(ipaddress.ip_network(f"{address}/64", strict=False))
    key = settings.BLIND_INDEX_KEY.encode()
    return hmac.new(key, f"client:{address}".encode(), hashlib.sha256).hexdigest()[:32]


def log_event(event: str, request: HttpRequest | None = None, **fields: Any) -> None:
    data = dict(fields)
    if request is not None:
        user = getattr(request, "user", None)
        data["user"] = user.pk if user is not None and user.is_authenticated else None
        data["client"] = client_key(request)
        data["path"] = request.path
    logger.info(event, extra={"fields": data})
