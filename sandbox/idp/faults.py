"""ID token faults for the portal's security tests (``/idp/faults``).

``POST`` replaces the whole set (knobs left out are off), ``DELETE`` clears it. While a knob is
on, EVERY ID token the provider issues carries it:

| knob | effect on the ID token |
|---|---|
| ``audience`` (string) | ``aud`` is that value instead of the client id |
| ``issuer`` (string) | ``iss`` is that value instead of the provider's issuer |
| ``nonce`` (string) | ``nonce`` is that value instead of the one the client sent |
| ``acr`` (string) | ``acr`` is that value instead of the level chosen at the test bank |
| ``expired`` (bool) | ``exp`` lies ``EXPIRED_BY_SECONDS`` in the past |
| ``sign_with_other_key`` (bool) | signed by a key not in the JWKS (same ``kid`` header) |
"""

from __future__ import annotations

import json
import time
from typing import Any

from jwcrypto import jwt
from jwcrypto.common import base64url_decode

from sandbox.idp.keys import other_key
from sandbox.idp.models import IdTokenFaults

TEXT_KNOBS = ("audience", "issuer", "nonce", "acr")
FLAG_KNOBS = ("expired", "sign_with_other_key")
EXPIRED_BY_SECONDS = 600
_CLAIM_OF = {"audience": "aud", "issuer": "iss", "nonce": "nonce", "acr": "acr"}


class FaultConfigError(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("invalid ID token faults")
        self.errors = errors


def describe(faults: IdTokenFaults | None = None) -> dict[str, Any]:
    """The knobs; text knobs that are off are ``null``."""
    faults = faults or IdTokenFaults.current()
    data: dict[str, Any] = {name: getattr(faults, name) or None for name in TEXT_KNOBS}
    data.update({name: getattr(faults, name) for name in FLAG_KNOBS})
    data["active"] = is_active(faults)
    return data


def is_active(faults: IdTokenFaults) -> bool:
    return any(getattr(faults, name) for name in (*TEXT_KNOBS, *FLAG_KNOBS))


def _parse(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name in TEXT_KNOBS:
        value = data.get(name)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            errors[name] = "must be a non-empty string or null"
        values[name] = value.strip() if isinstance(value, str) else ""
    for name in FLAG_KNOBS:
        value = data.get(name, False)
        if not isinstance(value, bool):
            errors[name] = "must be true or false"
        values[name] = value is True
    for name in sorted(set(data) - set(TEXT_KNOBS) - set(FLAG_KNOBS)):
        errors[name] = "is not an ID token fault knob"
    if errors:
        raise FaultConfigError(errors)
    return values


def configure(data: dict[str, Any]) -> dict[str, Any]:
    """Replace all knobs with ``data`` (missing ones are off)."""
    values = _parse(data)
    faults = IdTokenFaults.current()
    for name, value in values.items():
        setattr(faults, name, value)
    faults.save()
    return describe(faults)


def reset() -> dict[str, Any]:
    return configure({})


def tamper(claims: dict[str, Any], faults: IdTokenFaults) -> dict[str, Any]:
    """The ID token claims with the active knobs applied."""
    claims = dict(claims)
    for knob, claim in _CLAIM_OF.items():
        if value := getattr(faults, knob):
            claims[claim] = value
    if faults.expired:
        claims["exp"] = int(time.time()) - EXPIRED_BY_SECONDS
    return claims


def sign_with_other_key(serialized: str) -> str:
    """The same header and claims, signed by a key the provider never published."""
    header, payload, _signature = serialized.split(".")
    forged = jwt.JWT(
        header=json.loads(base64url_decode(header)),
        claims=base64url_decode(payload).decode("utf-8"),
    )
    forged.make_signed_token(other_key())
    return forged.serialize()
