"""Ropo One authentication: ``POST /rest/token`` (cid + apicode) and the bearer check.

Accounts per country tree: each creditor's own profile (``cid``/``apicode``; sees its own cases
only) and the portal's integrator account (``settings.ROPO_ONE_INTEGRATOR``; sees every case
of the country). A token works only in the country tree that issued it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict

from sandbox.engine.http import InvalidJson, allow, json_response, read_object, ropo_one_error
from sandbox.engine.models import ApiService, ApiToken, Creditor
from sandbox.engine.services.feed import scope
from sandbox.engine.tokens import find_token, issue_token, same_secret

View = Callable[..., HttpResponse]


def _account(country: str, cid: str, apicode: str) -> tuple[bool, Creditor | None]:
    """(credentials valid, creditor or None for the integrator)."""
    integrator = settings.ROPO_ONE_INTEGRATOR
    if same_secret(cid, integrator["cid"]):
        return same_secret(apicode, integrator["apicode"]), None
    creditor = Creditor.objects.filter(cid=cid, country=country).first()
    return creditor is not None and same_secret(apicode, creditor.apicode), creditor


def _credentials(request: HttpRequest) -> dict[str, Any]:
    """A JSON object (documented), or a form body (accepted too)."""
    if request.body.lstrip().startswith(b"{") or not request.body.strip():
        return read_object(request)
    return QueryDict(request.body).dict()


def _auth_error(reason: str, text: str) -> HttpResponse:
    """The documented ``AuthError``: 400 ``{errorId: integer, errorText}``."""
    return ropo_one_error(400, reason, text)


@allow("POST")
def token(request: HttpRequest, country: str) -> HttpResponse:
    """``POST /rest/token {"cid", "apicode"}`` -> 201 ``{"token"}`` (valid two hours)."""
    try:
        body = _credentials(request)
    except InvalidJson as exc:
        return _auth_error("invalid_json", str(exc))
    cid, apicode = body.get("cid"), body.get("apicode")
    if not isinstance(cid, str) or not isinstance(apicode, str) or not cid or not apicode:
        return _auth_error("invalid_request", "cid and apicode are required")
    valid, creditor = _account(country.upper(), cid, apicode)
    if not valid:
        return _auth_error("invalid_credentials", "unknown cid or wrong apicode")
    seconds = settings.ROPO_ONE_TOKEN_SECONDS
    issued = issue_token(
        service=ApiService.ROPO_ONE,
        principal=cid,
        creditor=creditor,
        country=country.upper(),
        seconds=seconds,
    )
    return json_response({"token": issued.token}, status=201)


def require_token(view: View) -> View:
    """Refuse calls without a live token of this country tree; views get ``country`` upper."""

    @wraps(view)
    def wrapper(request: HttpRequest, country: str, *args: Any, **kwargs: Any) -> HttpResponse:
        found = find_token(request, service=ApiService.ROPO_ONE, country=country.upper())
        if found is None:
            return ropo_one_error(401, "unauthorized", "a valid bearer token is required")
        request.api_token = found
        return view(request, country.upper(), *args, **kwargs)

    return wrapper


def account(request: HttpRequest) -> ApiToken:
    return request.api_token


def visible_cases(request: HttpRequest, country: str) -> Any:
    """The cases the caller's account sees in this country tree."""
    return scope(country, account(request).creditor)


def idempotency_scope(request: HttpRequest) -> str:
    token = account(request)
    return f"ropo_one:{token.country}:{token.principal}"
