"""django-oauth-toolkit's request validator, taught about the test bank.

- ``save_authorization_code`` ties the new code to the ``Authentication`` the authorize view
  passed in (``bank_authentication_id`` credential), so the token endpoint knows who logged in
  and at which level;
- ``get_additional_claims`` states the person (``claims.py``), for the ID token and userinfo;
- ``get_id_token_dictionary`` puts the real ``auth_time`` and the active fault knobs in;
- ``finalize_id_token`` records the issued ID token and re-signs it for ``sign_with_other_key``;
- ``validate_redirect_uri`` also accepts ``SANDBOX_OIDC_REDIRECT_URIS``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from oauth2_provider.models import get_grant_model, redirect_to_uri_allowed
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauthlib.common import Request

from sandbox.idp import faults
from sandbox.idp.claims import CLAIM_SCOPES, authentication_claims
from sandbox.idp.models import Authentication, IdTokenFaults

AUTHENTICATION_CREDENTIAL = "bank_authentication_id"
CACHE_ATTRIBUTE = "bank_authentication"


def _code_authentication(request: Request) -> Authentication | None:
    code = getattr(request, "code", None)
    if not code:
        return None
    return Authentication.objects.filter(grant__code=code).first()


def _token_authentication(request: Request) -> Authentication | None:
    """Via the ID token behind the access token (userinfo) or refresh token (refresh)."""
    access_token = getattr(request, "access_token", None)
    refresh_token = getattr(request, "refresh_token_instance", None)
    if access_token is None and refresh_token is not None:
        access_token = refresh_token.access_token
    id_token_id = getattr(access_token, "id_token_id", None)
    if id_token_id is None:
        return None
    return Authentication.objects.filter(id_tokens__id=id_token_id).first()


def authentication_for(request: Request) -> Authentication:
    """The login behind this token or userinfo request (else the user's latest one)."""
    found = getattr(request, CACHE_ATTRIBUTE, None)
    if found is None:
        found = _code_authentication(request) or _token_authentication(request)
    if found is None:
        found = Authentication.objects.filter(identity__user=request.user).first()
    if found is None:
        raise LookupError(f"no test-bank authentication for user {request.user.pk}")
    setattr(request, CACHE_ATTRIBUTE, found)
    return found


class TestBankValidator(OAuth2Validator):
    oidc_claim_scope = CLAIM_SCOPES

    # -- authorization -----------------------------------------------------------------------

    def validate_redirect_uri(
        self, client_id: str, redirect_uri: str, request: Request, *args: Any, **kwargs: Any
    ) -> bool:
        if super().validate_redirect_uri(client_id, redirect_uri, request, *args, **kwargs):
            return True
        return redirect_to_uri_allowed(redirect_uri, list(settings.SANDBOX_OIDC_REDIRECT_URIS))

    def save_authorization_code(
        self, client_id: str, code: dict[str, str], request: Request, *args: Any, **kwargs: Any
    ) -> None:
        super().save_authorization_code(client_id, code, request, *args, **kwargs)
        grant = get_grant_model().objects.get(code=code["code"])
        Authentication.objects.filter(
            pk=getattr(request, AUTHENTICATION_CREDENTIAL, None),
            identity__user=request.user,
            authorized_at__isnull=True,
        ).update(grant=grant, authorized_at=timezone.now())

    # -- claims ------------------------------------------------------------------------------

    def get_additional_claims(self, request: Request) -> dict[str, Any]:
        return authentication_claims(authentication_for(request))

    def get_discovery_claims(self, request: Any) -> list[str]:
        return list(CLAIM_SCOPES)

    def get_id_token_dictionary(
        self, token: dict[str, Any], token_handler: Any, request: Request
    ) -> tuple[dict[str, Any], Any]:
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        # The base class says "last login of the user"; the test bank knows this login's time.
        claims["auth_time"] = int(authentication_for(request).authenticated_at.timestamp())
        return faults.tamper(claims, IdTokenFaults.current()), expiration_time

    def finalize_id_token(
        self, id_token: dict[str, Any], token: dict[str, Any], token_handler: Any, request: Request
    ) -> str:
        authentication = authentication_for(request)
        serialized = super().finalize_id_token(id_token, token, token_handler, request)
        authentication.id_tokens.add(request.id_token)
        if IdTokenFaults.current().sign_with_other_key:
            return faults.sign_with_other_key(serialized)
        return serialized
