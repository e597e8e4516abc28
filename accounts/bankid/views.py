"""Bank-ID login: allauth's OpenID Connect client, with the checks allauth leaves to us.

allauth verifies the ID token's issuer, audience and expiry, and skips the signature when the
token came straight from the token endpoint. For strong identification we also always verify
the signature against the provider's keys, require the `nonce` we sent, require an
assurance level (`acr`) of at least "substantial", and require an `auth_time` within the
`max_age` we asked for (every login is a fresh identification at the bank: `prompt=login`).
Connecting a bank ID to the logged-in account needs a fresh strong step-up first.
"""

import logging
import time
from urllib.parse import urlencode

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.urls import reverse

from accounts.security import log_event

logger = logging.getLogger(__name__)


class BankIDAdapter(OpenIDConnectOAuth2Adapter):
    expected_nonce: str | None = None

    def get_callback_url(self, request: HttpRequest, app):
        return build_absolute_uri(request, reverse("bankid_callback"), self.redirect_uri_protocol)

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        data = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        self._check_nonce(data)
        self._check_assurance(data)
        self._check_auth_time(data)
        return data

    def _check_auth_time(self, data: dict) -> None:
        auth_time = data.get("auth_time")
        max_age = settings.BANKID_MAX_AGE_SECONDS + settings.BANKID_CLOCK_SKEW_SECONDS
        fresh = (
            isinstance(auth_time, int | float)
            and not isinstance(auth_time, bool)
            and -settings.BANKID_CLOCK_SKEW_SECONDS <= time.time() - auth_time <= max_age
        )
        if not fresh:
            log_event("login.refused", self.request, reason="auth_time")
            raise OAuth2Error("ID token auth_time is missing or too old")

    def _check_nonce(self, data: dict) -> None:
        if not self.expected_nonce or data.get("nonce") != self.expected_nonce:
            log_event("login.refused", self.request, reason="nonce")
            raise OAuth2Error("ID token nonce does not match")

    def _check_assurance(self, data: dict) -> None:
        if data.get("acr") not in settings.BANKID_ACCEPTED_ACR:
            log_event("login.refused", self.request, reason="acr", acr=str(data.get("acr"))[:20])
            raise OAuth2Error("assurance level too low")
        if not data.get("identity_code") or data.get("identity_country") not in ("FI", "SE", "NO"):
            log_event("login.refused", self.request, reason="identity_claims")
            raise OAuth2Error("ID token lacks the identity")


class BankIDCallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        self.adapter.expected_nonce = (state or {}).get("nonce")
        return state, response


def _connect_needs_step_up(request: HttpRequest) -> bool:
    from accounts import assurance

    process = request.POST.get("process") or request.GET.get("process")
    return process == AuthProcess.CONNECT and not assurance.has_fresh_strong(request)


def _view(view_class, *, starts_login: bool = False):
    @login_not_required
    def view(request: HttpRequest):
        if starts_login and _connect_needs_step_up(request):
            log_event("stepup.required", request, reason="connect")
            query = urlencode({"next": reverse("socialaccount_connections")})
            return redirect(f"{reverse('accounts:step_up')}?{query}")
        try:
            return view_class.adapter_view(BankIDAdapter(request, "bankid"))(request)
        except SocialApp.DoesNotExist as exc:  # no client configured
            raise Http404 from exc

    return view


login = _view(OAuth2LoginView, starts_login=True)
callback = _view(BankIDCallbackView)
