"""Disputes: a debtor contests a claim; upstream holds the case until an agent resolves it.

Every change is one atomic function here: it checks, writes the dispute, audits, and puts an
outbox event (``ropo_one.dispute``) in the same transaction, so the hold or release reaches
Ropo One however long it is down.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from invoices.errors import InvoiceActionError
from invoices.models import Dispute, DisputeAttachment, Invoice, InvoiceStatus, ReportedPayment
from invoices.money import round_money
from invoices.services import report_direct_payment, unconfirmed_payments
from myropo import uploads

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
REASON_MIN, REASON_MAX = 10, 2000


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


def sniff(content: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PDF, PNG or JPEG file, else None."""
    content_type = uploads.sniff(content)
    return (content_type, uploads.EXTENSIONS[content_type]) if content_type else None


def _check_uploads(uploads: list[Upload]) -> list[tuple[Upload, str, str]]:
    if len(uploads) > MAX_ATTACHMENTS:
        raise InvoiceActionError(_("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS})
    checked = []
    for upload in uploads:
        if len(upload.content) > MAX_ATTACHMENT_BYTES:
            raise InvoiceActionError(
                _("%(name)s is larger than 5 MB.") % {"name": upload.name[:80]}
            )
        kind = sniff(upload.content)
        if kind is None:
            raise InvoiceActionError(
                _("%(name)s is not a PDF, PNG or JPEG file.") % {"name": upload.name[:80]}
            )
        checked.append((upload, *kind))
    return checked


def _safe_name(name: str, extension: str) -> str:
    stem = "".join(c for c in name.rsplit(".", 1)[0] if c.isalnum() or c in " -_")[:80].strip()
    return f"{stem or 'attachment'}.{extension}"


@transaction.atomic
def open_dispute(
    invoice: Invoice, *, scope: str, amount: Decimal | None, reason: str, uploads, actor
) -> Dispute:
    """Record a dispute of the whole claim or ``amount`` of it and ask upstream to hold the case.

    Raises `InvoiceActionError` (nothing written) if the invoice is not open, is already
    disputed, the amount is not within what is owed, the reason is too short or long, or an
    attachment is too large or not a PDF, PNG or JPEG file.
    """
    from integrations import outbox

    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status != InvoiceStatus.OPEN:
        raise InvoiceActionError(_("Only open invoices can be disputed."))
    if invoice.disputes.filter(status=Dispute.Status.OPEN).exists():
        raise InvoiceActionError(_("This invoice is already disputed."))
    owed = invoice.balance - unconfirmed_payments(invoice)
    if scope == Dispute.Scope.ALL:
        amount = owed
    elif scope != Dispute.Scope.PART or amount is None:
        raise InvoiceActionError(_("Choose whether you dispute the whole claim or a part of it."))
    amount = round_money(amount)
    if amount <= 0 or amount > owed:
        raise InvoiceActionError(
            _("The disputed amount must be more than zero and at most what is owed.")
        )
    reason = reason.strip()
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise InvoiceActionError(
            _("Tell us why in %(min)d to %(max)d characters.")
            % {"min": REASON_MIN, "max": REASON_MAX}
        )
    checked = _check_uploads(list(uploads))
    try:
        with transaction.atomic():
            dispute = Dispute.objects.create(
                invoice=invoice, raised_by=actor, scope=scope, amount=amount, reason=reason
            )
    except IntegrityError as exc:  # a second tab raced us to it
        raise InvoiceActionError(_("This invoice is already disputed.")) from exc
    DisputeAttachment.objects.bulk_create(
        DisputeAttachment(
            dispute=dispute,
            filename=_safe_name(upload.name, extension),
            content_type=content_type,
            size=len(upload.content),
            content=base64.b64encode(upload.content).decode("ascii"),
        )
        for upload, content_type, extension in checked
    )
    country, jobid = invoice.upstream_job
    outbox.enqueue(
        "ropo_one.dispute",
        {
            "dispute": str(dispute.public_id),
            "country": country,
            "jobid": jobid,
            "action": "open",
            "amount": str(amount),
            "reason": reason[:500],
        },
    )
    audit.record(
        "dispute.opened",
        actor=actor,
        obj=invoice,
        after={
            "dispute": dispute.public_id,
            "scope": scope,
            "amount": amount,
            "attachments": len(checked),
        },
    )
    return dispute


@transaction.atomic
def resolve_dispute(dispute: Dispute, *, outcome: str, answer: str, actor) -> Dispute:
    """An agent closes an open dispute: ``upheld`` cancels the disputed capital upstream,
    ``rejected`` lets collection resume; both release the hold upstream and tell the debtor.

    Raises `InvoiceActionError` if the dispute is no longer open or the outcome is unknown.
    """
    from integrations import outbox
    from messaging.notifications import notify

    dispute = (
        Dispute.objects.select_for_update()
        .select_related("invoice__creditor", "raised_by")
        .get(pk=dispute.pk)
    )
    if dispute.status != Dispute.Status.OPEN:
        raise InvoiceActionError(_("This dispute has already been resolved."))
    if outcome not in (Dispute.Status.UPHELD, Dispute.Status.REJECTED):
        raise InvoiceActionError(_("Choose whether the dispute is upheld or rejected."))
    invoice = dispute.invoice
    if outcome == Dispute.Status.UPHELD:
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        # Never more than is still owed (payments may have come in while it was open);
        # with nothing left to cancel the dispute is still resolved as upheld.
        owed = locked.balance - unconfirmed_payments(locked)
        cancel = min(dispute.amount, locked.capital, owed)
        if locked.status == InvoiceStatus.OPEN and cancel > 0:
            report_direct_payment(
                locked,
                amount=cancel,
                paid_on=timezone.localdate(),
                kind=ReportedPayment.Kind.CAPITAL_CANCELLATION,
                actor=actor,
            )
    dispute.status = outcome
    dispute.resolution = answer.strip()
    dispute.resolved_by = actor
    dispute.resolved_at = timezone.now()
    dispute.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
    country, jobid = invoice.upstream_job
    outbox.enqueue(
        "ropo_one.dispute",
        {
            "dispute": str(dispute.public_id),
            "country": country,
            "jobid": jobid,
            "action": "close",
            "outcome": outcome,
        },
    )
    audit.record(
        f"dispute.{outcome}", actor=actor, obj=invoice, after={"dispute": dispute.public_id}
    )
    notify(
        to=dispute.raised_by.email,
        template="dispute_resolved",
        context={"creditor": invoice.creditor.name},
        language=dispute.raised_by.language,
    )
    return dispute


def attachment_bytes(attachment: DisputeAttachment) -> bytes:
    return base64.b64decode(attachment.content)
