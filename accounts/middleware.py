"""Session limits (12 hours at most; the 30-minute idle limit is the cookie's age),
`no-store` on every answer to a personal session, step-up before sensitive changes, and a
second factor for staff and creditor users."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.security import log_event
from accounts.services import LETTER_GRANTS_KEY

SESSION_STARTED_KEY = "session_started_at"


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(SESSION_STARTED_KEY, time.time())
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                log_event("session.expired", request)
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(settings.LOGIN_URL)
        response = self.get_response(request)
        if request.user.is_authenticated or request.session.get(LETTER_GRANTS_KEY):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


# Changes that could hand someone else the keys: only right after strong identification.
STEP_UP_URL_NAMES = {
    "account_email",
    "account_change_password",
    "account_set_password",
    "mfa_index",
    "mfa_add_webauthn",
    "mfa_list_webauthn",
    "mfa_edit_webauthn",
    "mfa_remove_webauthn",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "socialaccount_connections",
}


class StepUpMiddleware:
    """Debtors (users with a strong identity) must have identified strongly within
    STEP_UP_MAX_AGE_SECONDS before these pages; agents and creditor users use allauth's
    own reauthentication there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from accounts import assurance
        from accounts.views import step_up_redirect

        match = request.resolver_match
        needs = getattr(view_func, "strong_required", False) or (
            match is not None and match.url_name in STEP_UP_URL_NAMES
        )
        if not needs or not request.user.is_authenticated:
            return None
        if not hasattr(request.user, "identity") and not getattr(
            view_func, "strong_required", False
        ):
            return None
        if assurance.has_fresh_strong(request):
            return None
        log_event("stepup.required", request)
        return step_up_redirect(request)


# Where a staff or creditor user was going when sent to set up a second factor.
SECOND_FACTOR_NEXT_KEY = "second_factor_next"


def second_factor_redirect(request):
    """Send a staff or creditor user without a second factor in this session on to get one:
    set one up if the account has none (and come back here afterwards), else confirm it."""
    from allauth.mfa.utils import is_mfa_enabled

    next_url = request.get_full_path()
    log_event("second_factor.required", request)
    if is_mfa_enabled(request.user):
        messages.info(request, _("Please confirm with your second factor to continue."))
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}")
    request.session[SECOND_FACTOR_NEXT_KEY] = next_url
    messages.info(
        request,
        _(
            "Customer service and creditor pages need a second factor. Set up an "
            "authenticator app or a passkey to continue."
        ),
    )
    return redirect("mfa_index")


class SecondFactorMiddleware:
    """The one rule for staff and creditor users: the admin, creditor pages and every view
    marked `second_factor_required` (the agent console) open only to a session
    that used a second factor (`assurance.has_second_factor`). allauth's own login and MFA
    pages stay open, so the way to a second factor is never blocked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from accounts import assurance

        match = request.resolver_match
        if match is None or not request.user.is_authenticated:
            return None
        if match.url_name == "mfa_index" and request.session.get(SECOND_FACTOR_NEXT_KEY):
            return self._resume(request)
        protected = (
            getattr(view_func, "second_factor_required", False)
            or match.namespace == "creditors"
            or (match.namespace == "admin" and match.url_name != "logout")
        )
        if not protected or not assurance.second_factor_required(request.user):
            return None
        if assurance.has_second_factor(request):
            return None
        return second_factor_redirect(request)

    @staticmethod
    def _resume(request):
        """Back to where they were going once the account has a second factor."""
        from allauth.mfa.utils import is_mfa_enabled

        if not is_mfa_enabled(request.user):
            return None
        target = request.session.pop(SECOND_FACTOR_NEXT_KEY)
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            return None
        return redirect(target)
