"""Writes made by or for creditor users: memberships, API tokens, reported events.

Each is one transaction and audits itself. Reported events go upstream through
`invoices.services.report_direct_payment` (the outbox's `ropo_one.payment` topic).
"""

import datetime
import hashlib
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from creditors.models import ApiToken, Membership, Role
from invoices import services as invoice_services
from invoices.errors import InvoiceActionError
from invoices.models import Creditor, Invoice, ReportedPayment

TOKEN_PREFIX = "mrc_"  # noqa: S105 - a marker, not a secret
EVENT_KINDS = {
    "paid": ReportedPayment.Kind.PAYMENT,
    "credit_note": ReportedPayment.Kind.CAPITAL_CANCELLATION,
}


class CreditorActionError(Exception):
    """A request the rules refuse; the message is for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def token_digest(key: str) -> str:
    """Keys are 256 random bits, so a plain SHA-256 suffices (no slow hash needed)."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def add_member(user, creditor: Creditor, *, role: str = Role.VIEWER, actor=None) -> Membership:
    """Give `user` a role in `creditor` (or change it)."""
    membership, _created = Membership.objects.update_or_create(
        user=user, creditor=creditor, defaults={"role": role}
    )
    audit.record(
        "creditor.member_set", actor=actor, obj=creditor, data={"user": user.pk, "role": role}
    )
    return membership


@transaction.atomic
def create_api_token(
    creditor: Creditor, *, name: str, scope: str, actor=None
) -> tuple[ApiToken, str]:
    """A new token for `creditor`; returns it with the key, which is never stored or shown again."""
    if scope not in ApiToken.Scope.values:
        raise CreditorActionError(_("Choose what the token may do."))
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        creditor=creditor,
        name=name.strip()[:100],
        scope=scope,
        prefix=key[:12],
        digest=token_digest(key),
        created_by=actor,
    )
    audit.record(
        "api_token.created", actor=actor, obj=token, after={"name": token.name, "scope": scope}
    )
    return token, key


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor=None) -> ApiToken:
    """End a token at once; revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record("api_token.revoked", actor=actor, obj=token)
    return token


def authenticate_token(key: str) -> ApiToken | None:
    """The active token with this key, or None. Marks it used at most once a minute."""
    if not key.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("creditor")
        .filter(digest=token_digest(key), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def report_event(
    case: Invoice,
    *,
    kind: str,
    amount: Decimal,
    booked_at: datetime.date,
    actor=None,
    actor_label: str = "",
) -> ReportedPayment:
    """Report a direct payment (`paid`) or a credit note (`credit_note`) on a creditor's case.

    It is recorded at once (the open balance follows) and goes to Ropo One via the outbox.
    Raises `CreditorActionError` when the invoice rules refuse it.
    """
    if kind not in EVENT_KINDS:
        raise CreditorActionError(_("Choose a direct payment or a credit note."))
    try:
        payment = invoice_services.report_direct_payment(
            case, amount=amount, paid_on=booked_at, kind=EVENT_KINDS[kind], actor=actor
        )
    except InvoiceActionError as exc:
        raise CreditorActionError(exc.message) from exc
    audit.record(
        "creditor.event_reported",
        actor=actor,
        actor_label=actor_label,
        obj=case,
        after={"type": kind, "amount": amount, "booked_at": booked_at},
    )
    return payment
