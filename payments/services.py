"""Every write of the payments app: attempts, what the gateway says about them, bookings,
refund bank accounts."""

import datetime
import hashlib
import logging
import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.crypto import blind_index
from integrations.http import UpstreamError
from invoices.models import Invoice, InvoiceStatus
from invoices.money import format_money, round_money, to_minor_units
from invoices.selectors import amount_due, with_amount_due
from invoices.services import InvoiceActionError, report_direct_payment
from messaging.notifications import notify
from payments import notices
from payments.models import Booking, GatewayNotice, Payment, RefundAccount
from payments.providers import get_provider
from payments.providers.base import NewPayment, SignatureError

logger = logging.getLogger(__name__)

# The smallest part payment offered (the whole balance can always be paid, however small).
MINIMUM_AMOUNT = Decimal("5.00")
# Paytrail collects euros only; SEK and NOK invoices are paid by bank transfer.
GATEWAY_CURRENCIES = frozenset({"EUR"})
GATEWAY_LANGUAGES = {"fi": "FI", "sv": "SV"}
STATUS_OF = {
    "ok": Payment.Status.PAID,
    "pending": Payment.Status.PENDING,
    "delayed": Payment.Status.PENDING,
    "new": Payment.Status.PENDING,
    "authorization-hold": Payment.Status.PENDING,
}


class PaymentError(Exception):
    """A person's request cannot be done; `message` is translated and safe to show."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class UnknownPayment(Exception):
    """A signed redirect or callback about a payment we never started."""


class Mismatch(Exception):
    """The gateway's record and ours disagree (amount, currency, stamp): nothing is booked."""


@dataclass(frozen=True)
class ReturnUrls:
    success: str
    cancel: str
    callback_success: str
    callback_cancel: str


def idempotency_key(*, session_key: str, token: str, invoice: Invoice) -> str:
    """The same pay form submitted twice (double click, retry) gives the same key."""
    return hashlib.sha256(f"{session_key}:{invoice.pk}:{token}".encode()).hexdigest()


def payable_range(invoice: Invoice) -> tuple[Decimal, Decimal]:
    """The least and most that may be paid now (`invoice` annotated with `with_amount_due`)."""
    due = amount_due(invoice)
    return min(MINIMUM_AMOUNT, due), due


@transaction.atomic
def start_payment(
    invoice: Invoice,
    *,
    amount: Decimal,
    idempotency_key: str,
    actor=None,
    language: str = "",
    email: str = "",
) -> Payment:
    """A payment attempt (`created`), or the one this key already made.

    Raises `PaymentError` for a closed invoice, a currency the gateway does not take, or an
    amount below the minimum or above what is owed now.
    """
    existing = Payment.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.invoice_id != invoice.pk:
            raise PaymentError(_("This payment form was already used for another invoice."))
        return existing
    locked = with_amount_due(Invoice.objects.select_for_update()).get(pk=invoice.pk)
    _check_amount(locked, round_money(amount))
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                invoice=locked,
                amount=round_money(amount),
                currency=locked.currency,
                idempotency_key=idempotency_key,
                created_by=actor if actor and actor.pk else None,
                language=language,
                email=email,
            )
    except IntegrityError:  # the same form, submitted at the same moment
        return Payment.objects.get(idempotency_key=idempotency_key)
    audit.record(
        "payment.created",
        actor=actor,
        obj=payment,
        after={
            "status": payment.status,
            "amount": payment.amount,
            "currency": payment.currency,
            "invoice": locked.myropo_id,
        },
    )
    return payment


def _check_amount(invoice: Invoice, amount: Decimal) -> None:
    if invoice.status != InvoiceStatus.OPEN:
        raise PaymentError(_("Only open invoices can be paid."))
    if invoice.currency not in GATEWAY_CURRENCIES:
        raise PaymentError(_("Online payment is available for invoices in euros only."))
    least, most = payable_range(invoice)
    if amount > most:
        raise PaymentError(_("The amount is more than what is owed now."))
    if amount < least or amount <= 0:
        raise PaymentError(
            _("The smallest amount you can pay online is %(minimum)s.")
            % {"minimum": format_money(least, invoice.currency)}
        )


def open_at_gateway(payment: Payment, *, urls: ReturnUrls) -> str:
    """Register the attempt with the gateway once and return the page to send the payer to.

    Raises `PaymentError` if the attempt is already over or its amount no longer fits what
    is owed (the attempt is then `failed`), `UpstreamError` if the gateway cannot be reached
    (the attempt stays `created`; the same form may be sent again).
    """
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("invoice").get(pk=payment.pk)
        if payment.status in Payment.FINAL:
            raise PaymentError(_("This payment is already finished."))
        if payment.href:
            return payment.href
        refused = _recheck_amount(payment)
        if refused is None:
            _register(payment, urls)
    if refused is not None:  # raised only now: the failed attempt is kept
        raise refused
    return payment.href


def _recheck_amount(payment: Payment) -> PaymentError | None:
    """An attempt not yet at the gateway (it may have been down when it was made) is checked
    again against what is owed now, as a new one would be; if it no longer fits it fails."""
    locked = with_amount_due(Invoice.objects.select_for_update()).get(pk=payment.invoice_id)
    try:
        _check_amount(locked, payment.amount)
    except PaymentError as exc:
        payment.status = Payment.Status.FAILED
        payment.save(update_fields=["status", "updated_at"])
        audit.record(
            "payment.failed",
            obj=payment,
            before={"status": Payment.Status.CREATED},
            after={"status": payment.status},
            data={"reason": str(exc)},
        )
        return exc
    return None


def _register(payment: Payment, urls: ReturnUrls) -> None:
    created = get_provider().create_payment(
        NewPayment(
            stamp=payment.stamp,
            reference=payment.invoice.reference,
            amount_cents=to_minor_units(payment.amount),
            currency=payment.currency,
            language=GATEWAY_LANGUAGES.get(payment.language[:2], "EN"),
            description=payment.invoice.description or payment.invoice.invoice_number,
            email=payment.email or "noreply@example.invalid",
            success_url=urls.success,
            cancel_url=urls.cancel,
            callback_success_url=urls.callback_success,
            callback_cancel_url=urls.callback_cancel,
        )
    )
    payment.transaction_id = created.transaction_id
    payment.href = created.href
    payment.status = Payment.Status.PENDING
    payment.save(update_fields=["transaction_id", "href", "status", "updated_at"])
    audit.record(
        "payment.pending",
        obj=payment,
        before={"status": Payment.Status.CREATED},
        after={"status": payment.status, "transaction_id": payment.transaction_id},
    )


def _keep(payment: Payment | None, source: str, outcome: str, params: Mapping[str, str]) -> None:
    # A QueryDict (the request's GET) encodes itself as it came; a plain mapping is encoded.
    query = params.urlencode() if hasattr(params, "urlencode") else urlencode(dict(params))
    GatewayNotice.objects.create(
        payment=payment, source=source, outcome=outcome, query=query[:8000]
    )


def _refuse(
    payment, source: str, outcome: str, params: Mapping[str, str], error: Exception, *, client: str
):
    """Raise `error`; keep the notice and an audit entry while `client`'s budget lasts."""
    if not notices.may_keep(client=client):
        raise error
    _keep(payment, source, outcome, params)
    audit.record(
        "payment.notice_refused",
        obj=payment,
        data={
            "source": source,
            "outcome": outcome,
            "reason": str(error),
            "transaction_id": params.get("checkout-transaction-id", ""),
        },
    )
    logger.warning("payments: %s refused (%s): %s", source, outcome, error)
    raise error


def confirm_from_gateway(
    params: Mapping[str, str], *, source: str, cancelled: bool, client: str
) -> Payment:
    """A redirect or callback came: verify its signature, ask the gateway for the truth, move
    the attempt forward (booking it once when paid). Any order, any number of times.

    Raises `SignatureError`, `UnknownPayment`, `Mismatch` (each kept and audited while the
    budget of `client`, a `client_key`, lasts: payments/notices.py) or `UpstreamError` when
    the gateway cannot be asked (nothing changes: try again later).
    """
    provider = get_provider()
    try:
        said = provider.verify_return(params)
    except SignatureError as exc:
        _refuse(None, source, "bad signature", params, exc, client=client)
    payment = _payment_for(said.stamp, said.transaction_id)
    if payment is None:
        refused = UnknownPayment(said.transaction_id)
        _refuse(None, source, "unknown payment", params, refused, client=client)
    cents = to_minor_units(payment.amount)
    if said.amount_cents != cents:
        _refuse(payment, source, "amount mismatch", params, Mismatch("amount"), client=client)
    try:
        # The row lock first: copies of this callback wait here, then find the payment final
        # and need not ask the gateway again. The lock is held for one gateway call at most.
        with transaction.atomic():
            payment = Payment.objects.select_for_update().get(pk=payment.pk)
            if payment.status in Payment.FINAL:  # forward only: nothing can change it
                if notices.may_keep(client=client):  # a replay: kept while the budget lasts
                    outcome = f"ignored: {said.status} when {payment.status}"
                    _keep(payment, source, outcome, params)
                return payment
            truth = provider.get_payment(said.transaction_id)
            agrees = (truth.amount_cents, truth.currency, truth.stamp) == (
                cents,
                payment.currency,
                payment.stamp,
            )
            if agrees:
                return apply_gateway_status(
                    payment,
                    status=truth.status,
                    bank=truth.provider,
                    cancelled=cancelled,
                    source=source,
                    params=params,
                )
    except UpstreamError:
        _keep(payment, source, "gateway unreachable", params)
        raise
    _refuse(payment, source, "gateway mismatch", params, Mismatch("gateway record"), client=client)


# How long the gateway's own redirect and callbacks get before the portal asks it itself, and
# for how long it keeps asking about an attempt the gateway still calls open.
RECHECK_AFTER = datetime.timedelta(minutes=5)
RECHECK_FOR = datetime.timedelta(days=7)
RECHECK_BATCH = 200


def _recheck_due(payment: Payment, now) -> bool:
    # Back off: an attempt is asked again after a quarter of its age (5 min, then ~15, ~40 ...),
    # so one the person abandoned costs a few dozen calls in a week, not one a minute.
    return now - payment.updated_at >= max(RECHECK_AFTER, (now - payment.created_at) / 4)


def recheck_unconfirmed_payments(*, now=None) -> dict[str, int]:
    """Ask the gateway about attempts still unconfirmed past the re-check window (their
    redirect and every callback lost or failed) and move them on as a callback would: a paid
    one is booked once, through the same locked path. Beat runs it every minute."""
    now = now or timezone.now()
    candidates = Payment.objects.filter(
        status=Payment.Status.PENDING,
        updated_at__lte=now - RECHECK_AFTER,
        created_at__gte=now - RECHECK_FOR,
    ).exclude(transaction_id="")
    due = [
        p for p in candidates.order_by("updated_at")[: RECHECK_BATCH * 5] if _recheck_due(p, now)
    ]
    provider = get_provider()
    counts: Counter[str] = Counter()
    for payment in due[:RECHECK_BATCH]:
        try:
            with transaction.atomic():
                payment = Payment.objects.select_for_update().get(pk=payment.pk)
                if payment.status != Payment.Status.PENDING:
                    continue  # a callback came meanwhile
                truth = provider.get_payment(payment.transaction_id)
                record = (truth.amount_cents, truth.currency, truth.stamp)
                if record != (to_minor_units(payment.amount), payment.currency, payment.stamp):
                    logger.warning("payments: re-check of %s: gateway record differs", payment.pk)
                    counts["mismatch"] += 1
                    continue
                if STATUS_OF.get(truth.status) == Payment.Status.PENDING:
                    payment.save(update_fields=["updated_at"])  # asked; next time later
                    counts["still_open"] += 1
                    continue
                moved = apply_gateway_status(
                    payment,
                    status=truth.status,
                    bank=truth.provider,
                    source=GatewayNotice.Source.RECHECK,
                    params={"checkout-transaction-id": payment.transaction_id},
                )
                counts[moved.status] += 1
        except UpstreamError:
            counts["unreachable"] += 1
            break  # the gateway is down: the next run tries again
    return dict(counts)


def _payment_for(stamp: str, transaction_id: str) -> Payment | None:
    try:
        public_id = uuid.UUID(stamp)
    except ValueError:
        return None
    return Payment.objects.filter(public_id=public_id, transaction_id=transaction_id).first()


@transaction.atomic
def apply_gateway_status(
    payment: Payment,
    *,
    status: str,
    bank: str = "",
    cancelled: bool = False,
    source: str = GatewayNotice.Source.CALLBACK,
    params: Mapping[str, str] | None = None,
) -> Payment:
    """Move the attempt to what the gateway's `status` means, forward only; book when paid.

    A status that would move it back (`fail` after `ok`) or repeat it changes nothing.
    """
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    target = STATUS_OF.get(status)
    if target is None:
        target = Payment.Status.CANCELLED if cancelled else Payment.Status.FAILED
    if not payment.can_move_to(target):
        _keep(payment, source, f"ignored: {status} when {payment.status}", params or {})
        return payment
    before = payment.status
    payment.status = target
    payment.gateway_status = status
    payment.bank = bank[:40]
    if target == Payment.Status.PAID:
        payment.paid_at = timezone.now()
    payment.save(update_fields=["status", "gateway_status", "bank", "paid_at", "updated_at"])
    _keep(payment, source, f"{before} -> {target}", params or {})
    audit.record(
        f"payment.{target}",
        obj=payment,
        before={"status": before},
        after={"status": target, "gateway_status": status},
        data={"source": source},
    )
    if target == Payment.Status.PAID:
        _book(payment)
    return payment


def _book(payment: Payment) -> None:
    """Report the paid amount upstream (outbox) once; the receipt e-mail follows on commit."""
    try:
        with transaction.atomic():
            reported = report_direct_payment(
                payment.invoice,
                amount=payment.amount,
                paid_on=timezone.localdate(payment.paid_at),
                actor=payment.created_by,
            )
            Booking.objects.create(payment=payment, reported_payment=reported)
    except IntegrityError:
        # The unique booking: someone booked this payment already (the lock should have
        # prevented it); everything booked here was rolled back with the savepoint.
        logger.error("payments: a second booking of %s was refused", payment.public_id)
        return
    except InvoiceActionError as exc:
        # The money moved but the invoice no longer owes it (paid meanwhile): an agent refunds.
        audit.record("payment.not_booked", obj=payment, data={"reason": str(exc)})
        logger.error("payments: paid %s but could not book it: %s", payment.public_id, exc)
        return
    audit.record(
        "payment.booked",
        obj=payment,
        after={"amount": payment.amount, "reported_payment": reported.public_id},
    )
    if payment.email:
        notify(
            to=payment.email,
            template="payment_receipt",
            language=payment.language,
            context={
                "myropo_id": payment.invoice.display_myropo_id,
                "path": f"/invoices/{payment.invoice.myropo_id}/",
            },
        )


@transaction.atomic
def set_refund_account(user, *, iban: str, bic: str, holder: str) -> RefundAccount:
    """Store (or replace) the person's refund bank account; audit it and tell them by e-mail.

    `iban` and `bic` are already validated (see `payments.forms.RefundAccountForm`).
    """
    account = RefundAccount.objects.select_for_update().filter(user=user).first()
    before = {"iban": account.masked_iban} if account else None
    if account is None:
        account = RefundAccount(user=user)
    account.iban, account.bic, account.holder = iban, bic, holder
    account.iban_hash = blind_index(iban, context="payments.refund_account.iban")
    account.save()
    audit.record(
        "refund_account.changed",
        actor=user,
        obj=account,
        before=before,
        after={"iban": account.masked_iban},
    )
    if user.email:
        notify(to=user.email, template="refund_account_changed", language=user.language, context={})
    return account


@transaction.atomic
def refund_unbooked_payment(payment: Payment, *, actor) -> Payment:
    """Give back a payment the bank took but the invoice could not take (it was paid meanwhile).

    Raises `PaymentError` for a payment that is not paid or was booked; `UpstreamError` if the
    gateway cannot be reached (nothing changes, the agent tries again). Refunding twice asks the
    gateway once: the refund's stamp is the payment's own.
    """
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != Payment.Status.PAID or Booking.objects.filter(payment=payment).exists():
        raise PaymentError(_("Only a paid payment that could not be booked can be refunded."))
    if payment.refunded_at is not None:
        return payment
    result = get_provider().refund(
        payment.transaction_id,
        amount_cents=to_minor_units(payment.amount),
        stamp=f"refund-{payment.public_id}",
    )
    payment.refunded_at = timezone.now()
    payment.refund_status = result.status[:24]
    payment.save(update_fields=["refunded_at", "refund_status", "updated_at"])
    audit.record(
        "payment.refunded",
        actor=actor,
        obj=payment,
        after={"amount": payment.amount, "gateway_status": result.status},
    )
    return payment
