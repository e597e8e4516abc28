"""The provider's RSA signing key: ``SANDBOX_OIDC_RSA_KEY`` or generated once and kept in the DB.

django-oauth-toolkit reads the key from ``OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"]``, a setting.
``stored_signing_key()`` is a lazy string for that setting: it is resolved on first use (a
request, never at import or during ``migrate``), from the ``SigningKey`` row, which is created
with a fresh key the first time. Restarts keep the key; a fresh database gets a fresh one.

This module is imported by the settings, so it imports no models at module level.
"""

from __future__ import annotations

import threading
from functools import cache

from django.utils.functional import lazy
from jwcrypto import jwk

RSA_KEY_BITS = 2048

_lock = threading.Lock()
_pem: str | None = None


def generate_rsa_pem() -> str:
    """A new RSA private key as PKCS#8 PEM."""
    key = jwk.JWK.generate(kty="RSA", size=RSA_KEY_BITS)
    return key.export_to_pem(private_key=True, password=None).decode("ascii")


def _load_or_create_pem() -> str:
    from sandbox.idp.models import SigningKey

    row = SigningKey.objects.filter(pk=1).first()
    if row is None:
        row, _ = SigningKey.objects.get_or_create(
            pk=1, defaults={"private_key_pem": generate_rsa_pem()}
        )
    return row.private_key_pem


def signing_key_pem() -> str:
    """The stored key (created on first use), read from the database once per process."""
    global _pem
    if _pem is None:
        with _lock:
            if _pem is None:
                _pem = _load_or_create_pem()
    return _pem


def stored_signing_key() -> str:
    """A lazy ``signing_key_pem()`` for the ``OIDC_RSA_PRIVATE_KEY`` setting."""
    return lazy(signing_key_pem, str)()


@cache
def other_key() -> jwk.JWK:
    """A key nobody published (the ``sign_with_other_key`` fault); one per process."""
    return jwk.JWK.generate(kty="RSA", size=RSA_KEY_BITS)
