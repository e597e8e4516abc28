"""Authenticated encryption for personal data at rest, and keyed hashes for lookups.

Values look like `enc1$<key id>$<base64(nonce || AES-256-GCM ciphertext)>`. The key id names
the key in `settings.FIELD_ENCRYPTION_KEYS` ("kid:base64key", the first one encrypts, all of
them decrypt), so keys rotate without downtime. The associated data binds a value to its
column, so a ciphertext copied into another column does not decrypt. Anything wrong (unknown
key, tampering, a value that is not ours) raises `DecryptionError`: we never show ciphertext
and never guess.
"""

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value could not be decrypted: wrong or missing key, or tampered data."""


@dataclass(frozen=True)
class KeyRing:
    primary_id: str
    keys: dict[str, bytes]


def parse_keys(entries: list[str]) -> KeyRing:
    keys: dict[str, bytes] = {}
    for entry in entries:
        kid, sep, encoded = entry.strip().partition(":")
        if not sep or not kid or "$" in kid:
            raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS entries look like 'kid:base64key'.")
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error as exc:
            raise ImproperlyConfigured(f"Encryption key {kid!r} is not base64.") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"Encryption key {kid!r} must be 32 bytes.")
        if kid in keys:
            raise ImproperlyConfigured(f"Encryption key id {kid!r} appears twice.")
        keys[kid] = key
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    return KeyRing(primary_id=next(iter(keys)), keys=keys)


@lru_cache(maxsize=4)
def _ring(entries: tuple[str, ...]) -> KeyRing:
    return parse_keys(list(entries))


def key_ring() -> KeyRing:
    return _ring(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str, *, context: str) -> str:
    ring = key_ring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.keys[ring.primary_id]).encrypt(
        nonce, plaintext.encode("utf-8"), _aad(ring.primary_id, context)
    )
    return f"{PREFIX}${ring.primary_id}${base64.b64encode(nonce + sealed).decode('ascii')}"


def key_id_of(token: str) -> str:
    prefix, kid, _ = _split(token)
    return kid


def decrypt(token: str, *, context: str) -> str:
    _, kid, payload = _split(token)
    key = key_ring().keys.get(kid)
    if key is None:
        raise DecryptionError(f"No key with id {kid!r} is configured.")
    try:
        raw = base64.b64decode(payload, validate=True)
        plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad(kid, context))
    except (binascii.Error, InvalidTag, ValueError) as exc:
        raise DecryptionError("The value was tampered with or belongs elsewhere.") from exc
    return plain.decode("utf-8")


def blind_index(value: str, *, context: str) -> str:
    """A keyed hash for exact-match lookups of a normalised value; never reversible."""
    key = settings.BLIND_INDEX_KEY.encode("utf-8")
    message = f"{context}\x00{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _split(token: str) -> tuple[str, str, str]:
    parts = token.split("$")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise DecryptionError("The stored value is not an encrypted value.")
    return parts[0], parts[1], parts[2]


def _aad(kid: str, context: str) -> bytes:
    return f"{PREFIX}|{kid}|{context}".encode()
