"""The test bank's pages and the provider's endpoints that differ from django-oauth-toolkit's."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from django.contrib.auth import login as django_login
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods
from oauth2_provider.exceptions import OAuthToolkitError
from oauth2_provider.views import AuthorizationView, ConnectDiscoveryInfoView
from oauthlib.oauth2.rfc6749.errors import InvalidRequestError

from sandbox.engine.http import fault_knobs_view
from sandbox.engine.models import Debtor, DebtorKind
from sandbox.idp import faults, services
from sandbox.idp.forms import TestBankForm, person_value
from sandbox.idp.models import Acr, Authentication
from sandbox.idp.validators import AUTHENTICATION_CREDENTIAL

CANCEL_PARAMETER = "sandbox_cancel"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
CLIENT = {"client_id": "myropo-portal", "client_secret": "demo-oidc-client-secret"}


# -- the test-bank login page ----------------------------------------------------------------


def _authorize_path() -> str:
    return reverse("oauth2_provider:authorize")


def _safe_next(request: HttpRequest, value: str) -> str | None:
    """``next`` if it continues an authorization request on this host, else None."""
    allowed = url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return value if value and allowed and urlsplit(value).path == _authorize_path() else None


def _requested_acr(next_url: str | None) -> str:
    query = parse_qs(urlsplit(next_url or "").query)
    wanted = " ".join(query.get("acr_values", [])).split()
    return next((acr for acr in wanted if acr in Acr.values), Acr.SUBSTANTIAL)


def _people() -> list[dict[str, str]]:
    people = Debtor.objects.filter(kind=DebtorKind.PERSON).order_by("country", "name")
    return [
        {
            "name": p.name,
            "country": p.get_country_display(),
            "identity_code": p.identity_code,
            "value": person_value(p.country, p.identity_code),
        }
        for p in people
    ]


def _render_login(
    request: HttpRequest, form: TestBankForm, next_url: str | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "next": next_url or "", "people": _people()}
    return render(request, "idp/login.html", context, status=status)


def _cancel(next_url: str) -> HttpResponse:
    separator = "&" if urlsplit(next_url).query else "?"
    return HttpResponseRedirect(f"{next_url}{separator}{urlencode({CANCEL_PARAMETER: '1'})}")


def _log_in(request: HttpRequest, form: TestBankForm, next_url: str) -> HttpResponse:
    identity = services.identity_for(form.cleaned_data["person_code"])
    authentication = services.authenticate(identity, form.cleaned_data["acr"])
    django_login(request, identity.user, backend=MODEL_BACKEND)
    request.session[services.SESSION_KEY] = authentication.pk
    return HttpResponseRedirect(next_url)


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    """``/idp/login/?next=<authorize URL>``: pick a person or type a code, pick a level."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    if request.method == "GET":
        form = TestBankForm(initial={"acr": _requested_acr(next_url)})
        return _render_login(request, form, next_url)
    form = TestBankForm(request.POST)
    if next_url is None:
        form.add_error(None, "There is no sign-in to continue: start from the portal's login.")
        return _render_login(request, form, next_url, status=400)
    if request.POST.get("action") == "cancel":
        return _cancel(next_url)
    if not form.is_valid():
        return _render_login(request, form, next_url, status=400)
    return _log_in(request, form, next_url)


# -- the authorization endpoint --------------------------------------------------------------


class TestBankAuthorizationView(AuthorizationView):
    """django-oauth-toolkit's authorization endpoint, with bank ID manners.

    - the request is checked (client, redirect URI, PKCE with S256) before anyone is asked to
      log in;
    - every authorization needs a fresh pass through the test-bank page: a login is spent on
      one authorization code, and the sandbox session ends when the client gets its answer;
    - ``Cancel`` on the test-bank page answers ``error=access_denied`` (with the state).
    """

    template_name = "idp/authorize_error.html"
    http_method_names = ["get"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.oauth2_data = {}
        if request.method != "GET":
            return self.http_method_not_allowed(request, *args, **kwargs)
        if CANCEL_PARAMETER in request.GET:
            return self._deny(request)
        if services.current_authentication(request) is None:
            if request.user.is_authenticated:
                logout(request)
            refused = self._refuse_invalid(request)
            if refused is not None:
                return refused
        return super().dispatch(request, *args, **kwargs)

    def _refuse_invalid(self, request: HttpRequest) -> HttpResponse | None:
        try:
            _scopes, credentials = self.validate_authorization_request(request)
            if credentials.get("code_challenge_method") != "S256":
                raise OAuthToolkitError(
                    InvalidRequestError(
                        description="PKCE is required with code_challenge_method=S256.",
                        state=credentials.get("state"),
                    ),
                    redirect_uri=credentials["redirect_uri"],
                )
        except OAuthToolkitError as error:
            return self.error_response(error, application=None)
        return None

    def _deny(self, request: HttpRequest) -> HttpResponse:
        try:
            scopes, credentials = self.validate_authorization_request(request)
            self.create_authorization_response(request, " ".join(scopes), credentials, False)
        except OAuthToolkitError as error:
            return self.error_response(error, application=None)
        raise AssertionError("an authorization that is not allowed must raise")

    def create_authorization_response(
        self, request: HttpRequest, scopes: str, credentials: dict[str, Any], allow: bool
    ) -> tuple[str, dict[str, str], str, int]:
        authentication = services.current_authentication(request)
        credentials = {**credentials, AUTHENTICATION_CREDENTIAL: _pk(authentication)}
        return super().create_authorization_response(request, scopes, credentials, allow)

    def redirect(self, redirect_to: str, application: Any) -> HttpResponse:
        # The client has its answer: the test-bank login is spent.
        logout(self.request)
        return super().redirect(redirect_to, application)


def _pk(authentication: Authentication | None) -> int | None:
    return authentication.pk if authentication else None


# -- discovery, faults, index ----------------------------------------------------------------


class DiscoveryView(ConnectDiscoveryInfoView):
    """django-oauth-toolkit's discovery document plus the assurance levels on offer."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        data = json.loads(response.content)
        data["id_token_signing_alg_values_supported"] = ["RS256"]  # the only client's choice
        data["claims_supported"] = sorted(data["claims_supported"])
        data["acr_values_supported"] = list(Acr.values)
        data["claims_parameter_supported"] = False
        extended = JsonResponse(data)
        extended["Access-Control-Allow-Origin"] = "*"
        return extended


# ``GET``/``POST``/``DELETE /idp/faults``: read, replace or clear the ID token faults.
fault_knobs = fault_knobs_view(faults)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """``/idp/``: what the test bank is and how a client talks to it."""
    context = {
        "discovery": request.build_absolute_uri(
            reverse("oauth2_provider:oidc-connect-discovery-info")
        ),
        "client": CLIENT,
        "faults": faults.describe(),
    }
    return render(request, "idp/index.html", context)
