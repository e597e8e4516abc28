"""Writes made by or for creditor users: memberships, API tokens, reported events.

Each is one transaction and audits itself. Reported events go upstream through
`invoices.services.report_direct_payment` (the outbox's `ropo_one.payment` topic).
"""

import datetime
import hashlib
import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from creditors.models import ApiToken, CaseFigure, MaventaLink, Membership, Role, Transfer
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
    """Give `user` a role in `creditor` (or change it), audited with the role before and after.

    A manager reads every case of the creditor and makes its API tokens, so a person acting
    here (`actor`) must be a superuser; `actor` None is the operator's management command.
    Raises `CreditorActionError` otherwise.
    """
    _check_may_set_members(actor)
    current = Membership.objects.select_for_update().filter(user=user, creditor=creditor).first()
    membership, _created = Membership.objects.update_or_create(
        user=user, creditor=creditor, defaults={"role": role}
    )
    audit.record(
        "creditor.member_set",
        actor=actor,
        obj=creditor,
        before={"user": user.email, "role": current.role if current else None},
        after={"user": user.email, "role": role},
        data={"user": user.pk},
    )
    return membership


@transaction.atomic
def remove_member(membership: Membership, *, actor=None) -> None:
    """End a user's place in a creditor. Same rule as `add_member`."""
    _check_may_set_members(actor)
    audit.record(
        "creditor.member_removed",
        actor=actor,
        obj=membership.creditor,
        before={"user": membership.user.email, "role": membership.role},
        after=None,
        data={"user": membership.user_id},
    )
    membership.delete()


def _check_may_set_members(actor) -> None:
    if actor is not None and not actor.is_superuser:
        raise CreditorActionError(
            _("Only an administrator can give or change a place in a creditor.")
        )


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

    It is recorded at once (the open balance follows) and goes upstream via the outbox: as
    that event on the Maventa assignment for a case that came through Maventa, else to Ropo
    One as a bypass payment or capital cancellation. Raises `CreditorActionError` when the
    invoice rules refuse it.
    """
    if kind not in EVENT_KINDS:
        raise CreditorActionError(_("Choose a direct payment or a credit note."))
    try:
        payment = invoice_services.report_direct_payment(
            case,
            amount=amount,
            paid_on=booked_at,
            kind=EVENT_KINDS[kind],
            actor=actor,
            via_maventa=True,
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


# --- Transfers and the Maventa service ------------------------------------------------------


@transaction.atomic
def request_transfers(
    creditor: Creditor, inputs: list, *, actor=None, actor_label: str = ""
) -> list[Transfer]:
    """Record checked transfers (`creditors.transfers.TransferInput`) as pending and send
    each to Maventa through the outbox. All or none: raises `CreditorActionError` if one of
    the invoices already has a pending or sent transfer."""
    from integrations import outbox

    ids = [str(i.invoice.id) for i in inputs]
    taken = Transfer.objects.filter(
        maventa_invoice_id__in=ids, status__in=[Transfer.Status.PENDING, Transfer.Status.SENT]
    ).values_list("invoice_number", flat=True)
    if taken:
        raise CreditorActionError(
            _("Already being transferred: %(numbers)s.") % {"numbers": ", ".join(sorted(taken))}
        )
    transfers = []
    for item in inputs:
        try:
            # A transfer of the same invoice committed since the check above (another tab, an
            # API call at the same moment) meets `transfer_once_per_invoice` here.
            with transaction.atomic():
                transfer = Transfer.objects.create(
                    creditor=creditor,
                    maventa_invoice_id=item.invoice.id,
                    invoice_number=item.invoice.number,
                    due_date=item.invoice.due_date,
                    collection_type=item.collection_type,
                    receivables_type=item.receivables_type,
                    payers=[item.payer],
                    summary=item.summary,
                    created_by=actor,
                )
        except IntegrityError as exc:
            raise CreditorActionError(
                _("Already being transferred: %(numbers)s.") % {"numbers": item.invoice.number}
            ) from exc
        outbox.enqueue(
            "maventa.transfer",
            {
                "transfer": str(transfer.public_id),
                "invoice_id": str(item.invoice.id),
                "body": item.body(),
            },
        )
        transfers.append(transfer)
    audit.record(
        "transfer.requested",
        actor=actor,
        actor_label=actor_label,
        obj=creditor,
        data={"count": len(transfers), "invoices": [t.invoice_number for t in transfers]},
    )
    return transfers


@transaction.atomic
def record_transfer_answer(public_id, *, status: str, assignment_id=None, error: str = "") -> None:
    """Maventa answered a transfer: `sent` (with the assignment id) or `error`; anything else
    (`pending`) means it still works on it: its status is read again later, backing off."""
    transfer = Transfer.objects.select_for_update().get(public_id=public_id)
    if transfer.status != Transfer.Status.PENDING:
        return
    if status == "sent":
        transfer.status, transfer.assignment_id = Transfer.Status.SENT, assignment_id
        transfer.next_check_at = None
    elif status == "error":
        transfer.status, transfer.error = Transfer.Status.ERROR, error[:2000]
        transfer.next_check_at = None
    else:
        transfer.checks += 1
        transfer.next_check_at = timezone.now() + transfer_check_delay(transfer.checks)
        transfer.save(update_fields=["checks", "next_check_at", "updated_at"])
        return
    fields = ["status", "assignment_id", "error", "next_check_at", "updated_at"]
    transfer.save(update_fields=fields)
    audit.record(
        f"transfer.{transfer.status}", obj=transfer, data={"assignment": str(assignment_id or "")}
    )


TRANSFER_FIRST_CHECK_SECONDS = 60
TRANSFER_MAX_CHECK_SECONDS = 3600


def transfer_check_delay(checks: int) -> datetime.timedelta:
    """1 minute after the first `pending`, doubling, at most an hour."""
    seconds = TRANSFER_FIRST_CHECK_SECONDS * 2 ** min(max(checks - 1, 0), 12)
    return datetime.timedelta(seconds=min(seconds, TRANSFER_MAX_CHECK_SECONDS))


@transaction.atomic
def reopen_transfer(public_id, *, actor=None) -> bool:
    """An agent sends a transfer that became an error again; answers whether it may go.

    The transfer is `pending` again, unless another transfer of the same Maventa invoice is
    pending or sent by now (at most one may be, see `transfer_once_per_invoice`): then it
    stays an error and must not be sent.
    """
    transfer = Transfer.objects.select_for_update().get(public_id=public_id)
    if transfer.status != Transfer.Status.ERROR:
        return True
    other = (
        Transfer.objects.filter(maventa_invoice_id=transfer.maventa_invoice_id)
        .exclude(pk=transfer.pk)
        .exclude(status=Transfer.Status.ERROR)
    )
    if other.exists():
        return False
    error = transfer.error
    transfer.status, transfer.error = Transfer.Status.PENDING, ""
    transfer.checks, transfer.next_check_at = 0, None
    try:
        with transaction.atomic():  # a transfer of the invoice requested at this very moment
            transfer.save(
                update_fields=["status", "error", "checks", "next_check_at", "updated_at"]
            )
    except IntegrityError:
        return False
    audit.record(
        "transfer.retried",
        actor=actor,
        obj=transfer,
        before={"status": Transfer.Status.ERROR.value, "error": error[:500]},
        after={"status": transfer.status},
    )
    return True


@transaction.atomic
def record_service_status(link: MaventaLink, *, answer: dict) -> MaventaLink:
    """Keep what Maventa said of the creditor's Ropo receivables service."""
    link = MaventaLink.objects.select_for_update().get(pk=link.pk)
    status = str(answer.get("status") or "")
    if status not in MaventaLink.ServiceStatus.values:
        status = ""
    before = link.service_status
    link.service_status = status
    link.agreement_contact_email = str(answer.get("agreement_contact_email") or "")[:254]
    link.checked_at = timezone.now()
    link.save(update_fields=["service_status", "agreement_contact_email", "checked_at"])
    if before != status:
        audit.record(
            "maventa_service.status",
            obj=link.creditor,
            before={"status": before},
            after={"status": status},
        )
    return link


@transaction.atomic
def request_service_activation(link: MaventaLink, *, contact_email: str, actor=None) -> None:
    """Ask Maventa to activate the Ropo service with this agreement contact (via the outbox)."""
    from integrations import outbox

    link = MaventaLink.objects.select_for_update().get(pk=link.pk)
    if link.service_status == MaventaLink.ServiceStatus.ACTIVE:
        raise CreditorActionError(_("The service is already active."))
    outbox.enqueue(
        "maventa.activation",
        {"link": link.pk, "company_id": str(link.company_id), "contact_email": contact_email},
    )
    audit.record(
        "maventa_service.activation_requested",
        actor=actor,
        obj=link.creditor,
        after={"agreement_contact_email": contact_email},
    )


CLOSABLE = (
    MaventaLink.ServiceStatus.PENDING,
    MaventaLink.ServiceStatus.KYC_PENDING,
    MaventaLink.ServiceStatus.ACTIVE,
)


@transaction.atomic
def request_service_closing(link: MaventaLink, *, actor=None) -> None:
    """Ask Maventa to close the Ropo service (`DELETE`, via the outbox); open assignments
    carry on upstream."""
    from integrations import outbox

    link = MaventaLink.objects.select_for_update().get(pk=link.pk)
    if link.service_status not in CLOSABLE:
        raise CreditorActionError(_("The service is not open."))
    outbox.enqueue("maventa.close_service", {"link": link.pk, "company_id": str(link.company_id)})
    audit.record(
        "maventa_service.close_requested",
        actor=actor,
        obj=link.creditor,
        before={"status": link.service_status},
    )


@transaction.atomic
def link_maventa_company(creditor: Creditor, *, company_id, actor=None) -> MaventaLink:
    """Say which Maventa company `creditor` is (customer service does this once)."""
    link, _created = MaventaLink.objects.update_or_create(
        creditor=creditor, defaults={"company_id": company_id}
    )
    audit.record("maventa_link.set", actor=actor, obj=creditor, after={"company": str(company_id)})
    return link


# --- Stored dashboard figures ---------------------------------------------------------------


@transaction.atomic
def refresh_case_figures(creditor: Creditor) -> int:
    """Rebuild the creditor's `CaseFigure` rows from its cases (one pass); returns how many.

    A marker row (currency "") records that figures exist even for a creditor with no cases.
    Derived data, so not audited.
    """
    from creditors.selectors import case_groups, local_date

    now = timezone.now()
    groups = case_groups(creditor)
    rows = [
        CaseFigure(
            creditor=creditor,
            currency=g["currency"],
            stage=g["stage"],
            status=g["status"],
            due_date=g["due_date"],
            paid_month=local_date(g["month"]) if g["month"] else None,
            count=g["count"],
            balance=g["balance"],
            claimed=g["claimed"],
            paid=g["paid_sum"],
            days_to_pay=_whole_days(g["days"]),
            settled=g["settled"],
            computed_at=now,
        )
        for g in groups
    ]
    marker = CaseFigure(
        creditor=creditor,
        currency="",
        stage="",
        status="",
        due_date=now.date(),
        count=0,
        balance=0,
        claimed=0,
        paid=0,
        days_to_pay=0,
        settled=0,
        computed_at=now,
    )
    CaseFigure.objects.filter(creditor=creditor).delete()
    CaseFigure.objects.bulk_create([*rows, marker], batch_size=1000)
    return len(rows)


def _whole_days(value) -> int:
    """A sum of date differences: a timedelta on PostgreSQL, microseconds on SQLite."""
    if value is None:
        return 0
    if isinstance(value, datetime.timedelta):
        return value.days
    return int(value) // 86_400_000_000


IDEMPOTENCY_KEEP = datetime.timedelta(hours=24)


@transaction.atomic
def forget_old_idempotency_records(*, now=None) -> int:
    """Drop remembered API answers older than a day (a retry comes within minutes)."""
    from creditors.models import IdempotencyRecord

    cutoff = (now or timezone.now()) - IDEMPOTENCY_KEEP
    deleted, _by_model = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
