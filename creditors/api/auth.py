"""Token authentication and scopes for the creditor API.

`Authorization: Bearer mrc_...`. The request's `auth` is the `ApiToken`; every view reads the
creditor from it, so a token never reaches another creditor's data.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from creditors.models import ApiToken
from creditors.services import authenticate_token


class TokenPrincipal:
    """Who `request.user` is for a token: authenticated, but no person (no `User`)."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    pk = None

    def __init__(self, token: ApiToken):
        self.token = token

    def __str__(self) -> str:
        return f"api-token:{self.token.prefix}"


class CreditorTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("The Authorization header is malformed.")
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("The token is not valid.") from exc
        token = authenticate_token(key)
        if token is None:
            raise exceptions.AuthenticationFailed("The token is not valid or has been revoked.")
        return TokenPrincipal(token), token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class HasTokenScope(permissions.BasePermission):
    """Reads need any active token; writes need a read-write token."""

    message = "This token may only read."

    def has_permission(self, request: Request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return False
        return request.method in permissions.SAFE_METHODS or token.can_write


class CreditorTokenScheme(OpenApiAuthenticationExtension):
    target_class = CreditorTokenAuthentication
    name = "creditorToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A creditor API token."}
