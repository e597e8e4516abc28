"""Paytrail's HMAC signature, as the gateway computes it (the sandbox never imports the portal).

https://docs.paytrail.com/#/?id=authentication: every ``checkout-*`` header (or query
parameter), sorted by name, as ``name:value`` lines, then the body, joined with newlines.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

ALGORITHMS = {"sha256": hashlib.sha256, "sha512": hashlib.sha512}


def sign(secret: str, headers: Mapping[str, str], body: str, algorithm: str = "sha256") -> str:
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unsupported algorithm {algorithm!r}")
    lines = [
        f"{name.lower()}:{value}"
        for name, value in sorted(headers.items(), key=lambda item: item[0].lower())
        if name.lower().startswith("checkout-")
    ]
    message = "\n".join([*lines, body])
    return hmac.new(secret.encode(), message.encode(), ALGORITHMS[algorithm]).hexdigest()


def is_valid(secret: str, headers: Mapping[str, str], body: str, signature: str) -> bool:
    algorithm = headers.get("checkout-algorithm", "")
    if algorithm not in ALGORITHMS or not signature:
        return False
    return hmac.compare_digest(sign(secret, headers, body, algorithm), signature)
