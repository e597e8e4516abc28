import secrets
from urllib.parse import urlencode

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.conf import settings
from django.urls import reverse

from accounts import crypto
from accounts.bankid.views import BankIDAdapter


class BankIDProvider(OpenIDConnectProvider):
    """Strong identification through the bank-ID OpenID Connect provider."""

    id = "bankid"
    name = "Bank ID"
    oauth2_adapter_class = BankIDAdapter

    def get_login_url(self, request, **kwargs):
        url = reverse("bankid_login")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self):
        return reverse("bankid_callback")

    def get_oauth2_adapter(self, request):
        return BankIDAdapter(request, self.app.provider_id or self.id)

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        # A fresh nonce per login, kept in allauth's state and checked on the way back.
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params = {
            **auth_params,
            "nonce": nonce,
            "acr_values": "substantial high",
            # Always a fresh identification at the bank (a login and a step-up alike).
            "prompt": "login",
            "max_age": str(settings.BANKID_MAX_AGE_SECONDS),
        }
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )

    def extract_uid(self, data):
        return str(data["id_token"]["sub"])

    def sociallogin_from_response(self, request, response):
        # allauth keeps the claims (in the database, and in the session during signup):
        # the identity code goes there sealed, never in clear.
        return super().sociallogin_from_response(request, seal_identity(response))


IDENTITY_CONTEXT = "bankid.claims.identity_code"


def seal_identity(response: dict) -> dict:
    sealed = {}
    for part, claims in response.items():
        claims = dict(claims or {})
        if "identity_code" in claims:
            claims["identity_code_sealed"] = crypto.encrypt(
                str(claims.pop("identity_code")), context=IDENTITY_CONTEXT
            )
        sealed[part] = claims
    return sealed


def unseal_identity(claims: dict) -> str:
    return crypto.decrypt(claims["identity_code_sealed"], context=IDENTITY_CONTEXT)


provider_classes = [BankIDProvider]
