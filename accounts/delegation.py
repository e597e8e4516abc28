"""Authorizing someone else for one invoice: invite, accept, revoke, expire.

Every change is audited and both sides get an e-mail. Access follows the grant on every
request (the selector reads it), so a revocation or expiry takes effect at once, even in an
open session.
"""

import datetime
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.models import DelegationGrant, User
from messaging.notifications import notify

INVITATION_DAYS = 7
MAX_GRANT_DAYS = 366


class GrantError(Exception):
    """The rules refuse this; the message is for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite_delegate(
    invoice,
    *,
    granted_by: User,
    email: str,
    valid_until: datetime.date,
    can_pay: bool = False,
    can_plan: bool = False,
    can_message: bool = False,
) -> tuple[DelegationGrant, str]:
    """Create an invitation; returns the grant and the one-time token (sent only by e-mail)."""
    today = timezone.localdate()
    if not today <= valid_until <= today + timedelta(days=MAX_GRANT_DAYS):
        raise GrantError(_("Choose an end date between today and one year from now."))
    if email.strip().lower() == (granted_by.email or "").lower():
        raise GrantError(_("You cannot authorize yourself."))
    token = secrets.token_urlsafe(32)  # 256 bits
    grant = DelegationGrant.objects.create(
        invoice=invoice,
        granted_by=granted_by,
        invited_email=email.strip(),
        token_hash=token_hash(token),
        token_expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        valid_until=valid_until,
        can_pay=can_pay,
        can_plan=can_plan,
        can_message=can_message,
    )
    audit.record("grant.invited", actor=granted_by, obj=grant, after=_state(grant))
    link = settings.PORTAL_BASE_URL + reverse("accounts:invitation", args=[token])
    context = {"inviter": granted_by.get_full_name(), "creditor": invoice.creditor.name}
    notify(to=grant.invited_email, template="grant_invited", context={**context, "link": link})
    _tell_owner(grant, "grant_created")
    return grant, token


def find_invitation(token: str) -> DelegationGrant | None:
    grant = (
        DelegationGrant.objects.select_related("invoice__creditor", "granted_by")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if grant is None or grant.status != DelegationGrant.Status.INVITED:
        return None
    if grant.token_expires_at <= timezone.now():
        return None
    return grant


@transaction.atomic
def accept_invitation(token: str, *, user: User) -> DelegationGrant:
    """Bind the grant to the accepting person's strong identity. Single use."""
    grant = find_invitation(token)
    if grant is None:
        raise GrantError(_("This invitation is no longer valid. Ask for a new one."))
    grant = DelegationGrant.objects.select_for_update().get(pk=grant.pk)
    identity = getattr(user, "identity", None)
    if identity is None:
        raise GrantError(_("Log in with your bank ID to accept the invitation."))
    if (user.email or "").strip().lower() != grant.invited_email.strip().lower():
        # A forwarded or leaked link opens nothing: the debtor chose whom to show their debt.
        raise GrantError(
            _(
                "This invitation was sent to another e-mail address. Log in with the account "
                "of that address, or ask the sender for a new invitation."
            )
        )
    owner_identity = getattr(grant.granted_by, "identity", None)
    if owner_identity is not None and owner_identity.identity_hash == identity.identity_hash:
        raise GrantError(_("You cannot authorize yourself."))
    grant.status = DelegationGrant.Status.ACTIVE
    grant.delegate = user
    grant.delegate_identity_hash = identity.identity_hash
    grant.accepted_at = timezone.now()
    grant.token_hash = token_hash(secrets.token_urlsafe(32))  # the link is spent
    grant.save()
    audit.record("grant.accepted", actor=user, obj=grant, after=_state(grant))
    _tell_both(grant, "grant_accepted")
    return grant


@transaction.atomic
def revoke_grant(grant: DelegationGrant, *, actor: User) -> DelegationGrant:
    grant = DelegationGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.status in (DelegationGrant.Status.REVOKED, DelegationGrant.Status.EXPIRED):
        return grant
    before = _state(grant)
    grant.status = DelegationGrant.Status.REVOKED
    grant.ended_at = timezone.now()
    grant.save(update_fields=["status", "ended_at"])
    audit.record("grant.revoked", actor=actor, obj=grant, before=before, after=_state(grant))
    _tell_both(grant, "grant_revoked")
    return grant


def expire_grants() -> int:
    """Mark grants past their end date (access already stopped: the selector checks dates)."""
    today = timezone.localdate()
    due = DelegationGrant.objects.filter(
        status__in=[DelegationGrant.Status.ACTIVE, DelegationGrant.Status.INVITED],
        valid_until__lt=today,
    )
    count = 0
    for grant in due:
        with transaction.atomic():
            grant.status = DelegationGrant.Status.EXPIRED
            grant.ended_at = timezone.now()
            grant.save(update_fields=["status", "ended_at"])
            audit.record("grant.expired", obj=grant, after=_state(grant))
            _tell_both(grant, "grant_expired")
        count += 1
    return count


def _state(grant: DelegationGrant) -> dict:
    return {
        "status": grant.status,
        "scopes": sorted(grant.scopes),
        "valid_until": grant.valid_until,
        "invoice": grant.invoice.myropo_id,
    }


def _tell_owner(grant: DelegationGrant, template: str) -> None:
    owner = grant.granted_by
    context = {"delegate": grant.invited_email, "creditor": grant.invoice.creditor.name}
    notify(to=owner.email, template=template, context=context, language=owner.language)


def _tell_both(grant: DelegationGrant, template: str) -> None:
    _tell_owner(grant, template)
    to = grant.delegate.email if grant.delegate else grant.invited_email
    language = grant.delegate.language if grant.delegate else ""
    context = {"inviter": grant.granted_by.get_full_name(), "creditor": grant.invoice.creditor.name}
    notify(to=to, template=f"{template}_delegate", context=context, language=language)
