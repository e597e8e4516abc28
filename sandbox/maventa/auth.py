"""Maventa OAuth2 client credentials and the bearer check.

Accounts: each creditor's company (``client_id`` = company UUID, ``client_secret`` = its API
key, ``vendor_api_key`` = its own vendor key or the portal's) sees its own company; the portal's
partner account (``settings.MAVENTA_PARTNER``) sees every company and names one with
``company_id`` where a call concerns a single company.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict

from sandbox.engine.http import InvalidJson, allow, json_response, maventa_error, read_object
from sandbox.engine.models import ApiService, ApiToken, Case, Creditor
from sandbox.engine.tokens import find_token, issue_token, same_secret

SCOPE = "receivables:assignments"
# Granted when the token call names no scope (documented: ``global`` and ``company`` only).
DEFAULT_SCOPES = ("global", "company")
# ``eui`` is documented as an alias of these.
EUI = [
    "eui:open",
    "company:read",
    "company:write",
    "lookup",
    "receivables:assignments",
    "document:send",
    "document:receive",
    "invoice:receive",
    "invoice:send",
    "analysis",
]
OPERATOR_SCOPES = (
    "operator:receivables:assignments",
    "operator:receivables:assignments:create",
    "operator:receivables:account_statement",
)
KNOWN_SCOPES = {*DEFAULT_SCOPES, "eui", *EUI, *OPERATOR_SCOPES}
View = Callable[..., HttpResponse]


class CompanyMissing(Exception):
    """A partner call that concerns one company did not say which, or named an unknown one."""

    def __init__(self, response: HttpResponse) -> None:
        super().__init__("company")
        self.response = response


def _company(client_id: str) -> Creditor | None:
    try:
        company = uuid.UUID(client_id)
    except ValueError:
        return None
    return Creditor.objects.filter(maventa_company_uuid=company).first()


def _account(client_id: str, secret: str, vendor: str) -> tuple[bool, Creditor | None]:
    partner = settings.MAVENTA_PARTNER
    vendor_ok = same_secret(vendor, partner["vendor_api_key"])
    if same_secret(client_id, partner["client_id"]):
        return same_secret(secret, partner["client_secret"]) and vendor_ok, None
    creditor = _company(client_id)
    if creditor is None or not same_secret(secret, creditor.maventa_api_key):
        return False, None
    return vendor_ok or same_secret(vendor, creditor.maventa_vendor_key), creditor


def _form(request: HttpRequest) -> dict[str, Any]:
    """The documented multipart body, or form-encoded as public clients send it; JSON too."""
    kind = request.content_type
    if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return request.POST.dict()
    if request.body.lstrip().startswith(b"{"):
        return read_object(request)
    return QueryDict(request.body).dict()


def _granted(asked: str) -> tuple[list[str], list[str]]:
    """(granted scopes, unknown names): nothing asked gets the documented default only."""
    names = asked.split() or list(DEFAULT_SCOPES)
    unknown = [name for name in names if name not in KNOWN_SCOPES]
    expanded: list[str] = []
    for name in names:
        expanded += EUI if name == "eui" else [name]
    return list(dict.fromkeys(expanded)), unknown


@allow("POST")
def token(request: HttpRequest) -> HttpResponse:
    """``POST /oauth2/token`` (client credentials) -> ``{"access_token", ..., "scope"}``."""
    try:
        form = _form(request)
    except InvalidJson as exc:
        return maventa_error(400, "invalid_request", str(exc))
    if form.get("grant_type") != "client_credentials":
        return maventa_error(400, "unsupported_grant_type", "grant_type must be client_credentials")
    scopes, unknown = _granted(str(form.get("scope") or ""))
    if unknown:
        return maventa_error(400, "invalid_scope", f"unknown scope: {' '.join(unknown)}")
    client_id, secret = str(form.get("client_id", "")), str(form.get("client_secret", ""))
    valid, creditor = _account(client_id, secret, str(form.get("vendor_api_key", "")))
    if not valid:
        return maventa_error(401, "invalid_client", "unknown client or wrong API or vendor key")
    seconds = settings.MAVENTA_TOKEN_SECONDS
    issued = issue_token(
        service=ApiService.MAVENTA,
        principal=client_id,
        creditor=creditor,
        seconds=seconds,
        scope=" ".join(scopes),
    )
    body = {"access_token": issued.token, "token_type": "Bearer", "expires_in": seconds}
    return json_response({**body, "scope": issued.scope})


def require_token(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        found = find_token(request, service=ApiService.MAVENTA)
        if found is None:
            return maventa_error(401, "unauthorized", "a valid bearer token is required")
        request.api_token = found
        try:
            return view(request, *args, **kwargs)
        except CompanyMissing as exc:
            return exc.response

    return wrapper


def require_receivables_scope(view: View) -> View:
    """The Receivables API needs a token granted ``receivables:assignments`` (or ``eui``)."""

    @require_token
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if SCOPE not in account(request).scope.split():
            message = f"this token lacks the scope {SCOPE}; ask for it in the token call"
            return maventa_error(403, "insufficient_scope", message)
        return view(request, *args, **kwargs)

    return wrapper


def account(request: HttpRequest) -> ApiToken:
    return request.api_token


def companies(request: HttpRequest) -> QuerySet[Creditor]:
    own = account(request).creditor
    return Creditor.objects.filter(pk=own.pk) if own else Creditor.objects.all()


def company_for(request: HttpRequest, company_id: Any = None) -> Creditor:
    """The one company a call concerns: the caller's own, or ``company_id`` for the partner."""
    own = account(request).creditor
    company_id = company_id or request.GET.get("company_id")
    if own is not None and (not company_id or str(company_id) == str(own.maventa_company_uuid)):
        return own
    if own is None and not company_id:
        message = "the partner account must name the company: company_id"
        raise CompanyMissing(maventa_error(400, "validation_error", message))
    found = companies(request).filter(maventa_company_uuid=_uuid(company_id)).first()
    if found is None:
        raise CompanyMissing(maventa_error(404, "not_found", "no such company for this account"))
    return found


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def assignments(request: HttpRequest) -> QuerySet[Case]:
    """The assignments (cases that came through Maventa) the caller sees."""
    cases = Case.objects.filter(maventa_assignment_id__isnull=False).exclude(
        maventa_transfer_status="pending"
    )
    own = account(request).creditor
    return cases.filter(creditor=own) if own else cases


def idempotency_scope(request: HttpRequest) -> str:
    return f"maventa:{account(request).principal}"
