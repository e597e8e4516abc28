"""Session limits (12 hours at most; the 30-minute idle limit is the cookie's age) and
`no-store` on every answer to a personal session."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers, patch_cache_control
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
