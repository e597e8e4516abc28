"""django-allauth hooks: who may sign up, what a bank-ID login binds, where people land."""

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts import assurance, services
from accounts.bankid.provider import unseal_identity
from accounts.identity import InvalidIdentity
from accounts.middleware import SESSION_STARTED_KEY
from accounts.security import client_ip, log_event
from myropo import metrics


@dataclass(frozen=True)
class PortalSite:
    """What allauth's e-mails sign with: without django.contrib.sites it would take the
    request's host ("localhost:8000") for the name."""

    name: str
    domain: str


def portal_site() -> PortalSite:
    return PortalSite(name="MyRopo", domain=urlsplit(settings.PORTAL_BASE_URL).netloc)


class MFAAdapter(DefaultMFAAdapter):
    def _get_site_name(self) -> str:
        # What the passkey dialog and the authenticator app call us (else the request's host).
        return portal_site().name


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(template_prefix, email, {**context, "current_site": portal_site()})

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are made by the first bank-ID login; no sign-up with e-mail alone.
        return False

    def get_login_stages(self) -> list[str]:
        return [
            "accounts.stages.SecondFactorUnlessBankIDStage"
            if path == "allauth.mfa.stages.AuthenticateStage"
            else path
            for path in super().get_login_stages()
        ]

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # People with a bank ID confirm sensitive changes with the step-up (StepUpMiddleware):
        # a fresh bank-ID identification is enough, so a lost passkey can still be removed.
        request = self.request
        if (
            request is not None
            and hasattr(request.user, "identity")
            and assurance.has_fresh_strong(request)
        ):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's own limits (login codes, logins) use the portal's one client-address rule.
        return client_ip(request)

    def post_login(self, request, user, **kwargs):
        request.session.setdefault(SESSION_STARTED_KEY, time.time())
        services.end_letter_access(request)
        if assurance.latest_is_bankid(request):
            # The bank ID used for this very login, never another one linked to the user.
            uid = assurance.get_authentication_records(request)[-1].get("uid")
            account = SocialAccount.objects.filter(user=user, provider="bankid", uid=uid).first()
            claims = (account.extra_data or {}).get("id_token", {}) if account else {}
            services.remember_represented_companies(
                request, claims.get("represented_companies") or []
            )
        services.remember_language(user, get_language())
        log_event("login.succeeded", request, assurance=assurance.level(request))
        return super().post_login(request, user, **kwargs)

    def get_login_redirect_url(self, request):
        """Where a login lands when no `next` was given (allauth lets `next` win)."""
        if services.company_choices(request) and assurance.latest_is_bankid(request):
            return reverse("accounts:choose_company")
        user = request.user
        if not hasattr(user, "identity") and user.creditor_memberships.exists():
            return reverse("creditors:choose")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        # The first bank-ID login creates the account: land where any login lands.
        return self.get_login_redirect_url(request)

    def authentication_failed(self, request, **credentials):
        log_event("login.failed", request)
        metrics.LOGIN_FAILURES.inc()
        return super().authentication_failed(request, **credentials)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return sociallogin.account.provider == "bankid"

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.full_name = (data.get("name") or "").strip()[:200]
        return user

    def pre_social_login(self, request, sociallogin):
        """The bank must vouch for the identity the account already has (or gets now).

        An existing connection logs in its own user; connecting a bank ID to the logged-in
        user (after a fresh strong step-up, see `accounts.bankid.views`) binds or matches
        that user's identity, so another person's bank ID is never attached.
        """
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            if not request.user.is_authenticated or not assurance.has_fresh_strong(request):
                self._refuse(request, "connect_without_step_up")
            self._bind_identity(request, sociallogin, request.user)
        elif sociallogin.is_existing:
            self._bind_identity(request, sociallogin, sociallogin.user)

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        self._bind_identity(request, sociallogin, user)
        return user

    def _bind_identity(self, request, sociallogin, user) -> None:
        claims = sociallogin.account.extra_data.get("id_token", {})
        try:
            services.link_strong_identity(
                user, country=claims["identity_country"], code=unseal_identity(claims)
            )
        except (services.IdentityConflict, InvalidIdentity, KeyError) as exc:
            self._refuse(request, type(exc).__name__, exc)

    def _refuse(self, request, reason: str, exc: Exception | None = None):
        log_event("login.refused", request, reason=reason)
        messages.error(request, _("We could not link this bank ID to your account."))
        response = render(request, "accounts/login_refused.html", status=403)
        raise ImmediateHttpResponse(response) from exc

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        log_event("login.failed", request, provider=getattr(provider, "id", ""), error=str(error))
        return super().on_authentication_error(request, provider, error, exception, extra_context)
