"""Security events as one JSON line each, without personal data.

Users appear by primary key, clients by a keyed hash of their address; never names, e-mail
addresses, identity codes or MyRopo IDs.
"""

import hashlib
import hmac
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


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client's address: lets us count attempts, not identify people."""
    address = request.META.get("REMOTE_ADDR", "")
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
