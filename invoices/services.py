"""Writes to the invoice replica and the requests made about invoices.

Sync, admin actions, views and tasks call these; each is one transaction and audits itself.
"""

import datetime
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.identity import canonical_identity, identity_hash
from invoices.errors import InvoiceActionError
from invoices.models import DebtorParty, Invoice, InvoiceStatus, Letter, ReportedPayment
from invoices.money import round_money
from invoices.snapshots import CaseSnapshot
from invoices.sync import ApplyResult, apply_case_updates

__all__ = [
    "ApplyResult",
    "apply_case_updates",
    "cache_letter_pdf",
    "link_assignments",
    "record_reported_payment_booked",
    "record_reported_payment_refused",
    "report_direct_payment",
    "set_debtor_identity",
    "unconfirmed_payments",
]


@transaction.atomic
def set_debtor_identity(debtor: DebtorParty, *, code: str, actor=None) -> DebtorParty:
    """Store a debtor's identity code encrypted, with its lookup hash, and audit the change.

    The identity decides who sees the debtor's invoices, so the audit names the actor and keeps
    the masked code and lookup hash before and after (never the code itself). Raises
    `accounts.identity.InvalidIdentity` for a code that is not valid for the debtor's country
    and kind, and `InvoiceActionError` if another debtor of that kind already has it.
    """
    debtor = DebtorParty.objects.select_for_update().get(pk=debtor.pk)
    before = _identity_summary(debtor)
    debtor.identity_code = canonical_identity(debtor.country, debtor.kind, code)
    debtor.identity_hash = identity_hash(debtor.country, debtor.kind, code)
    taken = DebtorParty.objects.filter(kind=debtor.kind, identity_hash=debtor.identity_hash)
    if taken.exclude(pk=debtor.pk).exists():
        raise InvoiceActionError(DUPLICATE_IDENTITY)
    try:
        with transaction.atomic():  # another debtor given the same code at the same moment
            debtor.save(update_fields=["identity_code", "identity_hash", "updated_at"])
    except IntegrityError as exc:
        raise InvoiceActionError(DUPLICATE_IDENTITY) from exc
    audit.record(
        "debtor.identity_set",
        actor=actor,
        obj=debtor,
        before=before,
        after=_identity_summary(debtor),
    )
    return debtor


DUPLICATE_IDENTITY = _("Another debtor already has this identity code.")


def _identity_summary(debtor: DebtorParty) -> dict:
    return {"identity": debtor.masked_identity, "identity_hash": debtor.identity_hash or ""}


def unconfirmed_payments(invoice: Invoice, *, kind: str | None = None) -> Decimal:
    """Reported payments (of `kind`, or all) the replica's balance does not include yet."""
    reported = invoice.reported_payments.filter(status__in=ReportedPayment.UNCONFIRMED)
    if kind:
        reported = reported.filter(kind=kind)
    return reported.aggregate(s=Sum("amount"))["s"] or Decimal("0.00")


@transaction.atomic
def report_direct_payment(
    invoice: Invoice,
    *,
    amount: Decimal,
    paid_on: datetime.date,
    kind: str = ReportedPayment.Kind.PAYMENT,
    actor=None,
    via_maventa: bool = False,
) -> ReportedPayment:
    """Record a payment made outside the portal and send it upstream via the outbox: to Ropo
    One as a bypass payment, or (`via_maventa`, a creditor's report on a case that came
    through Maventa) as a `paid` / `credit_note` event on its Maventa assignment.

    Raises `InvoiceActionError` if the invoice is not open, or the amount is not positive or
    exceeds what is still owed.
    """
    from integrations import outbox

    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    amount = round_money(amount)
    if invoice.status != InvoiceStatus.OPEN:
        raise InvoiceActionError(_("Only open invoices can take payments."))
    if amount <= 0:
        raise InvoiceActionError(_("The amount must be more than zero."))
    if amount > invoice.balance - unconfirmed_payments(invoice):
        raise InvoiceActionError(_("The amount is more than what is still owed."))
    if paid_on > timezone.localdate():
        raise InvoiceActionError(_("The payment date cannot be in the future."))
    if paid_on < invoice.invoice_date:
        raise InvoiceActionError(_("The payment date cannot be before the invoice date."))
    payment = ReportedPayment.objects.create(
        invoice=invoice, kind=kind, amount=amount, paid_on=paid_on, created_by=actor
    )
    country, jobid = invoice.upstream_job
    if via_maventa and invoice.maventa_assignment_id:
        outbox.enqueue(
            "maventa.event",
            {
                "reported_payment": str(payment.public_id),
                "assignment_id": str(invoice.maventa_assignment_id),
                "type": "paid" if kind == ReportedPayment.Kind.PAYMENT else "credit_note",
                "amount": str(amount),
                "booked_at": paid_on.isoformat(),
                "country": country,
                "jobid": jobid,
            },
        )
    else:
        outbox.enqueue(
            "ropo_one.payment",
            {
                "reported_payment": str(payment.public_id),
                "country": country,
                "jobid": jobid,
                "amount": str(amount),
                "paid_on": paid_on.isoformat(),
                "kind": kind,
            },
        )
    audit.record(
        "payment.reported",
        actor=actor,
        obj=invoice,
        after={"amount": amount, "paid_on": paid_on, "kind": kind, "payment": payment.public_id},
    )
    return payment


@transaction.atomic
def record_reported_payment_booked(public_id: str | uuid.UUID, *, snapshot: CaseSnapshot) -> None:
    """Upstream booked the payment; `snapshot` was read after the booking, so it includes it."""
    payment = ReportedPayment.objects.select_for_update().get(public_id=public_id)
    if payment.status == ReportedPayment.Status.PENDING:
        payment.status = ReportedPayment.Status.SENT
        payment.upstream_version = snapshot.version
        payment.save(update_fields=["status", "upstream_version", "updated_at"])
        audit.record(
            "payment.booked_upstream", obj=payment.invoice, data={"version": snapshot.version}
        )
    apply_case_updates([snapshot], source="payment")


@transaction.atomic
def record_reported_payment_refused(public_id: str | uuid.UUID, *, reason: str) -> None:
    payment = ReportedPayment.objects.select_for_update().get(public_id=public_id)
    if payment.status in ReportedPayment.UNCONFIRMED:
        payment.status = ReportedPayment.Status.FAILED
        payment.save(update_fields=["status", "updated_at"])
        audit.record("payment.refused_upstream", obj=payment.invoice, data={"reason": reason[:500]})


@transaction.atomic
def record_reported_payment_retried(public_id: str | uuid.UUID, *, actor=None) -> None:
    """An agent sends a refused payment again: it is waiting to be sent once more."""
    payment = ReportedPayment.objects.select_for_update().get(public_id=public_id)
    if payment.status == ReportedPayment.Status.FAILED:
        payment.status = ReportedPayment.Status.PENDING
        payment.save(update_fields=["status", "updated_at"])
        audit.record(
            "payment.retried",
            actor=actor,
            obj=payment.invoice,
            before={"status": ReportedPayment.Status.FAILED.value},
            after={"status": payment.status},
            data={"payment": str(payment.public_id)},
        )


@transaction.atomic
def link_assignments(links: list[tuple[str, uuid.UUID, str]]) -> int:
    """Set Maventa's assignment id and collection status on the cases they became.

    `links` holds (upstream id, assignment id, collection status). Constant queries.
    """
    if not links:
        return 0
    wanted = {upstream_id: (aid, status) for upstream_id, aid, status in links}
    changed = []
    for invoice in Invoice.objects.filter(upstream_system="ropo_one", upstream_id__in=wanted).only(
        "id", "upstream_id", "maventa_assignment_id", "collection_status"
    ):
        aid, status = wanted[invoice.upstream_id]
        if (invoice.maventa_assignment_id, invoice.collection_status) != (aid, status):
            invoice.maventa_assignment_id, invoice.collection_status = aid, status
            changed.append(invoice)
    Invoice.objects.bulk_update(changed, ["maventa_assignment_id", "collection_status"])
    if changed:
        audit.record(
            "sync.assignments_linked", actor_label="system:maventa", data={"count": len(changed)}
        )
    return len(changed)


@transaction.atomic
def cache_letter_pdf(letter: Letter, *, content: bytes) -> Letter:
    """Keep a letter's PDF (letters never change once sent)."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if not letter.pdf:
        letter.pdf.save(f"{letter.public_id}.pdf", ContentFile(content), save=True)
    return letter
