"""How sure we are of who is behind a session.

`strong`: bank ID (with an accepted `acr`) or a passkey with user verification in this
session; `code`: a one-time code sent to the user's e-mail; `password`: staff and creditor
users (with their second factor); `letter`: no login, only grants to single invoices.
Derived from allauth's record of this session's authentications, so nothing else has to be
kept in step.
"""

import time

from allauth.account.authentication import get_authentication_records as _records_of
from django.conf import settings
from django.http import HttpRequest

STRONG = "strong"
CODE = "code"
PASSWORD = "password"  # noqa: S105 - a level name, not a secret
LETTER = "letter"
RANK = {None: 0, LETTER: 1, PASSWORD: 2, CODE: 2, STRONG: 3}


def get_authentication_records(request: HttpRequest) -> list[dict]:
    """allauth's records of how this session's user authenticated (bound to that user)."""
    return _records_of(request, request.user)


def _record_level(record: dict) -> str | None:
    method = record.get("method")
    if method == "socialaccount" and record.get("provider") == "bankid":
        return STRONG
    if method == "mfa" and record.get("type") == "webauthn":
        # Passkeys are registered and used with user verification required.
        return STRONG
    if method == "code":
        return CODE
    if method in ("password", "mfa"):
        return PASSWORD
    return None


def level(request: HttpRequest) -> str | None:
    if request.user.is_authenticated:
        levels = [_record_level(r) for r in get_authentication_records(request)]
        best = max(levels, key=lambda lv: RANK[lv], default=None)
        if best:
            return best
    if request.session.get("letter_grants"):
        return LETTER
    return None


def last_strong_at(request: HttpRequest) -> float | None:
    if not request.user.is_authenticated:
        return None
    times = [
        r.get("at", 0) for r in get_authentication_records(request) if _record_level(r) == STRONG
    ]
    return max(times, default=None)


def has_fresh_strong(request: HttpRequest) -> bool:
    """Strong identification within the step-up window (for sensitive changes)."""
    at = last_strong_at(request)
    return at is not None and time.time() - at <= settings.STEP_UP_MAX_AGE_SECONDS


def latest_is_bankid(request: HttpRequest) -> bool:
    records = get_authentication_records(request)
    return (
        bool(records)
        and _record_level(records[-1]) == STRONG
        and records[-1].get("method") == "socialaccount"
    )


def has_second_factor(request: HttpRequest) -> bool:
    """A passkey, or a password followed by a second factor, in this session (allauth MFA)."""
    return any(r.get("method") == "mfa" for r in get_authentication_records(request))


def second_factor_required(user) -> bool:
    """Staff and creditor users never work on a password alone (see SecondFactorMiddleware)."""
    from creditors.models import Membership

    return bool(
        user.is_authenticated and (user.is_staff or Membership.objects.filter(user=user).exists())
    )
