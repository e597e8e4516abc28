"""The claims the test bank states about a person (ID token and userinfo)."""

from __future__ import annotations

from typing import Any

from django.utils.crypto import salted_hmac

from sandbox.engine.models import Debtor, DebtorKind
from sandbox.idp.models import Authentication, Identity

# Claim -> the scope that releases it (django-oauth-toolkit's ``oidc_claim_scope``). The
# identity claims and ``acr`` come with ``openid`` itself: a bank ID login is about them.
CLAIM_SCOPES: dict[str, str] = {
    "sub": "openid",
    "identity_code": "openid",
    "identity_country": "openid",
    "represented_companies": "openid",
    "acr": "openid",
    "auth_time": "openid",
    "name": "profile",
    "given_name": "profile",
    "family_name": "profile",
    "email": "email",
}


def subject(identity: Identity) -> str:
    """A stable, opaque ``sub``: the same person always gets the same one (same secret key)."""
    value = f"{identity.country}:{identity.identity_code}"
    return salted_hmac("sandbox.idp.sub", value, algorithm="sha256").hexdigest()[:32]


def _person(identity: Identity) -> Debtor | None:
    return Debtor.objects.filter(
        kind=DebtorKind.PERSON, country=identity.country, identity_code=identity.identity_code
    ).first()


def represented_companies(identity: Identity) -> list[dict[str, str]]:
    """``[{"business_id", "country", "name"}]`` of the companies this person may act for."""
    companies = (
        Debtor.objects.filter(
            kind=DebtorKind.COMPANY,
            representatives__kind=DebtorKind.PERSON,
            representatives__country=identity.country,
            representatives__identity_code=identity.identity_code,
        )
        .order_by("name", "identity_code")
        .distinct()
    )
    return [
        {"business_id": c.identity_code, "country": c.country, "name": c.name} for c in companies
    ]


def identity_claims(identity: Identity) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "sub": subject(identity),
        "name": identity.name,
        "given_name": identity.given_name,
        "family_name": identity.family_name,
        "identity_code": identity.identity_code,
        "identity_country": identity.country,
        "represented_companies": represented_companies(identity),
    }
    person = _person(identity)
    if person is not None and person.email:
        claims["email"] = person.email
    return claims


def authentication_claims(authentication: Authentication) -> dict[str, Any]:
    """Everything about the person plus how and when they authenticated."""
    return {
        **identity_claims(authentication.identity),
        "acr": authentication.acr,
        "auth_time": int(authentication.authenticated_at.timestamp()),
    }
