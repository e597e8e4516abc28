"""What the gateway does: create payments, move them on the bank page, build signed redirects
and callbacks, refund. The views only parse and answer."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from urllib.parse import urlencode

import httpx
from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from sandbox.paytrail.models import GatewayKnobs, GatewayPayment, GatewayRefund
from sandbox.paytrail.signing import sign

logger = logging.getLogger(__name__)

# The banks of the hosted page: id, display name.
PROVIDERS = [
    ("osuuspankki", "OP"),
    ("nordea", "Nordea"),
    ("danske", "Danske Bank"),
    ("spankki", "S-Pankki"),
    ("handelsbanken", "Handelsbanken"),
]
PROVIDER_NAMES = dict(PROVIDERS)
ACTIONS = {
    "pay": GatewayPayment.Status.OK,
    "pending": GatewayPayment.Status.PENDING,
    "cancel": GatewayPayment.Status.FAIL,
}
FINAL = {GatewayPayment.Status.OK, GatewayPayment.Status.FAIL}


class Refused(Exception):
    """The request is not acceptable (400)."""


def secret_of(merchant: str) -> str | None:
    return settings.PAYTRAIL_MERCHANTS.get(merchant)


def validate_payment_request(data: dict) -> None:
    required = ["stamp", "reference", "amount", "currency", "language", "items", "redirectUrls"]
    missing = [name for name in required if name not in data]
    if missing:
        raise Refused(f"missing fields: {', '.join(missing)}")
    amount = data["amount"]
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 1:
        raise Refused("amount must be a positive integer (cents)")
    if data["currency"] != "EUR":
        raise Refused("currency must be EUR")
    if data["language"] not in ("FI", "SV", "EN"):
        raise Refused("language must be FI, SV or EN")
    items = data["items"]
    if not isinstance(items, list) or not items:
        raise Refused("items must be a non-empty list")
    try:
        total = sum(int(item["unitPrice"]) * int(item["units"]) for item in items)
    except (KeyError, TypeError, ValueError) as exc:
        raise Refused("every item needs unitPrice and units") from exc
    if total != amount:
        raise Refused("the items do not add up to amount")
    for key in ("redirectUrls", "callbackUrls"):
        urls = data.get(key)
        if urls is None and key == "callbackUrls":
            continue
        if not isinstance(urls, dict) or not all(
            str(urls.get(which, "")).startswith(("http://", "https://"))
            for which in ("success", "cancel")
        ):
            raise Refused(f"{key} needs success and cancel URLs")


def create_payment(merchant: str, data: dict, body: str) -> GatewayPayment:
    validate_payment_request(data)
    with transaction.atomic():
        if GatewayPayment.objects.filter(merchant=merchant, stamp=data["stamp"]).exists():
            raise Refused("duplicate stamp")
        callbacks = data.get("callbackUrls") or {}
        return GatewayPayment.objects.create(
            merchant=merchant,
            stamp=str(data["stamp"]),
            reference=str(data["reference"]),
            amount=data["amount"],
            currency=data["currency"],
            language=data["language"],
            redirect_success=data["redirectUrls"]["success"],
            redirect_cancel=data["redirectUrls"]["cancel"],
            callback_success=callbacks.get("success", ""),
            callback_cancel=callbacks.get("cancel", ""),
            callback_delay=max(0, int(data.get("callbackDelay") or 0)),
            history=[GatewayPayment.Status.NEW],
            request_body=body,
        )


def payment_json(payment: GatewayPayment, base_url: str) -> dict:
    return {
        "transactionId": str(payment.transaction_id),
        "status": payment.status,
        "amount": payment.amount,
        "currency": payment.currency,
        "stamp": payment.stamp,
        "reference": payment.reference,
        "createdAt": payment.created_at.isoformat(),
        "href": f"{base_url}/pay/{payment.transaction_id}/",
        "provider": payment.provider or None,
        "filingCode": None,
        "paidAt": payment.paid_at.isoformat() if payment.paid_at else None,
    }


def signed_params(payment: GatewayPayment, status: str) -> dict[str, str]:
    params = {
        "checkout-account": payment.merchant,
        "checkout-algorithm": "sha256",
        "checkout-amount": str(payment.amount),
        "checkout-stamp": payment.stamp,
        "checkout-reference": payment.reference,
        "checkout-transaction-id": str(payment.transaction_id),
        "checkout-status": status,
        "checkout-provider": payment.provider,
    }
    params["signature"] = sign(secret_of(payment.merchant) or "", params, "")
    return params


def _with_query(url: str, params: dict[str, str]) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


def act(transaction_id: uuid.UUID, provider: str, action: str) -> str:
    """The tester pressed a button on the bank page; returns where the browser goes next."""
    with transaction.atomic():
        payment = GatewayPayment.objects.select_for_update().get(transaction_id=transaction_id)
        if payment.status not in FINAL:
            payment.status = ACTIONS[action]
            payment.provider = provider
            payment.history = [*payment.history, payment.status]
            if payment.status == GatewayPayment.Status.OK:
                payment.paid_at = timezone.now()
            _schedule_callbacks(payment)
            payment.save()
        status = payment.status
        target = (
            payment.redirect_cancel
            if status == GatewayPayment.Status.FAIL
            else (payment.redirect_success)
        )
        return _with_query(target, signed_params(payment, status))


def _schedule_callbacks(payment: GatewayPayment) -> None:
    knobs = GatewayKnobs.current()
    if not knobs.send_callbacks:
        return
    statuses = [payment.status]
    if knobs.out_of_order:
        statuses += [s for s in reversed(payment.history[:-1]) if s != GatewayPayment.Status.NEW]
    urls = []
    for status in statuses:
        base = payment.callback_cancel if status == "fail" else payment.callback_success
        if not base:
            continue
        urls += [_with_query(base, signed_params(payment, status))] * max(1, knobs.callback_copies)
    if not urls:
        return
    first = len(payment.callbacks)
    payment.callbacks = [*payment.callbacks, *({"url": url, "result": None} for url in urls)]
    delay = payment.callback_delay + knobs.callback_delay_seconds
    pk = payment.pk
    transaction.on_commit(
        lambda: threading.Thread(
            target=_deliver, args=(pk, first, urls, delay), daemon=True
        ).start()
    )


def _deliver(pk: int, first: int, urls: list[str], delay: float) -> None:
    """Server-to-server callbacks (GET with signed query parameters), after the delay."""
    time.sleep(delay)
    results = []
    with httpx.Client(timeout=10.0) as client:
        for url in urls:
            try:
                results.append(client.get(url).status_code)
            except httpx.HTTPError as exc:
                results.append(f"error: {exc.__class__.__name__}")
    try:
        with transaction.atomic():
            payment = GatewayPayment.objects.select_for_update().get(pk=pk)
            callbacks = list(payment.callbacks)
            for offset, result in enumerate(results):
                callbacks[first + offset] = {**callbacks[first + offset], "result": result}
            payment.callbacks = callbacks
            payment.save(update_fields=["callbacks"])
    finally:
        close_old_connections()


def refund(payment: GatewayPayment, data: dict) -> GatewayRefund:
    amount = data.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 1:
        raise Refused("amount must be a positive integer (cents)")
    if not isinstance(data.get("callbackUrls"), dict):
        raise Refused("callbackUrls is required")
    with transaction.atomic():
        payment = GatewayPayment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != GatewayPayment.Status.OK:
            raise Refused("only paid payments can be refunded")
        if amount > payment.amount - payment.refunded:
            raise Refused("the refund is more than what is left of the payment")
        payment.refunded += amount
        payment.save(update_fields=["refunded"])
        return GatewayRefund.objects.create(
            payment=payment,
            amount=amount,
            refund_stamp=str(data.get("refundStamp", "")),
            refund_reference=str(data.get("refundReference", "")),
        )
