"""The gateway's HTTP face: the signed API, the hosted bank pages, the tester's knobs."""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from sandbox.paytrail import gateway
from sandbox.paytrail.models import GatewayKnobs, GatewayPayment
from sandbox.paytrail.signing import is_valid, sign

KNOB_FIELDS = [
    "callback_delay_seconds",
    "callback_copies",
    "out_of_order",
    "api_down",
    "send_callbacks",
]


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/paytrail").rstrip("/")


def _signed(request: HttpRequest, merchant: str, data: dict, status: int = 200) -> HttpResponse:
    body = json.dumps(data)
    headers = {
        "checkout-account": merchant,
        "checkout-algorithm": request.headers.get("checkout-algorithm", "sha256"),
        "checkout-timestamp": timezone.now().isoformat(),
        "checkout-nonce": secrets.token_hex(8),
    }
    if headers["checkout-algorithm"] not in ("sha256", "sha512"):
        headers["checkout-algorithm"] = "sha256"
    secret = gateway.secret_of(merchant) or ""
    response = HttpResponse(body, status=status, content_type="application/json")
    for name, value in headers.items():
        response[name] = value
    response["signature"] = sign(secret, headers, body, headers["checkout-algorithm"])
    response["request-id"] = str(uuid.uuid4())
    return response


def _error(request: HttpRequest, merchant: str, status: int, message: str) -> HttpResponse:
    return _signed(request, merchant, {"status": "error", "message": message}, status)


def signed_api(view: Callable) -> Callable:
    """Check the merchant's HMAC over the checkout-* headers and the exact body."""

    @csrf_exempt
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if GatewayKnobs.current().api_down:
            return JsonResponse({"status": "error", "message": "down for maintenance"}, status=503)
        headers = {k.lower(): v for k, v in request.headers.items()}
        merchant = headers.get("checkout-account", "")
        secret = gateway.secret_of(merchant)
        body = request.body.decode("utf-8", errors="replace")
        if (
            secret is None
            or headers.get("checkout-method") != request.method
            or not headers.get("checkout-nonce")
            or not headers.get("checkout-timestamp")
            or not is_valid(secret, headers, body, headers.get("signature", ""))
        ):
            return JsonResponse({"status": "error", "message": "Invalid signature"}, status=401)
        return view(request, merchant, body, *args, **kwargs)

    return wrapped


@require_http_methods(["POST"])
@signed_api
def create_payment(request: HttpRequest, merchant: str, body: str) -> HttpResponse:
    try:
        data = json.loads(body)
        if not isinstance(data, dict):
            raise ValueError
    except ValueError:
        return _error(request, merchant, 400, "the body is not a JSON object")
    try:
        payment = gateway.create_payment(merchant, data, body)
    except gateway.Refused as exc:
        return _error(request, merchant, 400, str(exc))
    base = _base_url(request)
    answer = {
        "transactionId": str(payment.transaction_id),
        "href": f"{base}/pay/{payment.transaction_id}/",
        "reference": payment.reference,
        "terms": "Sandbox gateway: no money moves.",
        "groups": [
            {
                "id": "bank",
                "name": "Bank payment methods",
                "icon": f"{base}/icons/bank.svg",
                "svg": f"{base}/icons/bank.svg",
            }
        ],
        "providers": [
            {
                "url": f"{base}/pay/{payment.transaction_id}/{provider}/",
                "icon": f"{base}/icons/{provider}.svg",
                "svg": f"{base}/icons/{provider}.svg",
                "name": name,
                "group": "bank",
                "id": provider,
                "parameters": [{"name": "transaction", "value": str(payment.transaction_id)}],
            }
            for provider, name in gateway.PROVIDERS
        ],
    }
    return _signed(request, merchant, answer, 201)


def _payment_of(merchant: str, transaction_id: uuid.UUID) -> GatewayPayment:
    return get_object_or_404(GatewayPayment, transaction_id=transaction_id, merchant=merchant)


@require_http_methods(["GET"])
@signed_api
def get_payment(
    request: HttpRequest, merchant: str, body: str, transaction_id: uuid.UUID
) -> HttpResponse:
    try:
        payment = _payment_of(merchant, transaction_id)
    except Http404:
        return _error(request, merchant, 404, "Payment not found")
    return _signed(request, merchant, gateway.payment_json(payment, _base_url(request)))


@require_http_methods(["POST"])
@signed_api
def refund_payment(
    request: HttpRequest, merchant: str, body: str, transaction_id: uuid.UUID
) -> HttpResponse:
    try:
        payment = _payment_of(merchant, transaction_id)
    except Http404:
        return _error(request, merchant, 404, "Payment not found")
    try:
        data = json.loads(body)
        refund = gateway.refund(payment, data if isinstance(data, dict) else {})
    except ValueError:
        return _error(request, merchant, 400, "the body is not a JSON object")
    except gateway.Refused as exc:
        return _error(request, merchant, 400, str(exc))
    answer = {
        "status": refund.status,
        "transactionId": str(refund.transaction_id),
        "provider": payment.provider,
    }
    return _signed(request, merchant, answer, 201)


# --- The hosted pages (what the payer's browser sees) ----------------------------------------


@require_http_methods(["GET"])
def methods(request: HttpRequest, transaction_id: uuid.UUID) -> HttpResponse:
    payment = get_object_or_404(GatewayPayment, transaction_id=transaction_id)
    return render(
        request,
        "paytrail/methods.html",
        {"payment": payment, "euros": payment.amount / 100, "providers": gateway.PROVIDERS},
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def bank(request: HttpRequest, transaction_id: uuid.UUID, provider: str) -> HttpResponse:
    if provider not in gateway.PROVIDER_NAMES:
        raise Http404
    payment = get_object_or_404(GatewayPayment, transaction_id=transaction_id)
    action = request.POST.get("action", "")
    if request.method == "POST" and action in gateway.ACTIONS:
        return redirect(gateway.act(payment.transaction_id, provider, action))
    context = {
        "payment": payment,
        "euros": f"{payment.amount / 100:.2f}",
        "bank_name": gateway.PROVIDER_NAMES[provider],
        "provider": provider,
    }
    return render(request, "paytrail/bank.html", context)


def icon(request: HttpRequest, name: str) -> HttpResponse:
    label = gateway.PROVIDER_NAMES.get(name, "Bank")
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="140" height="75" role="img" '
        f'aria-label="{label}"><rect width="140" height="75" fill="#1a5fb4"/>'
        f'<text x="70" y="44" fill="#fff" font-size="18" text-anchor="middle">{label}</text></svg>'
    )
    return HttpResponse(svg, content_type="image/svg+xml")


# --- For testers ----------------------------------------------------------------------------


@require_http_methods(["GET"])
def inspect(request: HttpRequest, transaction_id: uuid.UUID) -> JsonResponse:
    """Everything the gateway holds about one payment, with the callbacks it sent (unsigned)."""
    payment = get_object_or_404(GatewayPayment, transaction_id=transaction_id)
    data = gateway.payment_json(payment, _base_url(request))
    data.update(
        history=payment.history,
        callbacks=payment.callbacks,
        refunded=payment.refunded,
        refunds=[
            {"transactionId": str(r.transaction_id), "amount": r.amount, "status": r.status}
            for r in payment.refunds.order_by("pk")
        ],
        redirectUrls={"success": payment.redirect_success, "cancel": payment.redirect_cancel},
        callbackUrls={"success": payment.callback_success, "cancel": payment.callback_cancel},
    )
    return JsonResponse(data)


@csrf_exempt
@require_http_methods(["GET", "POST", "DELETE"])
def knobs(request: HttpRequest) -> JsonResponse:
    """GET the knobs, POST a JSON object to change some, DELETE to reset them."""
    current = GatewayKnobs.current()
    if request.method == "DELETE":
        current.delete()
        current = GatewayKnobs.current()
    elif request.method == "POST":
        try:
            changes = json.loads(request.body or b"{}")
            for name in changes:
                if name not in KNOB_FIELDS:
                    raise ValueError(name)
                field = GatewayKnobs._meta.get_field(name)
                setattr(current, name, field.to_python(changes[name]))
            current.full_clean()
        except Exception as exc:  # noqa: BLE001 (any bad input is a 400 for the tester)
            return JsonResponse({"status": "error", "message": f"bad knobs: {exc}"}, status=400)
        current.save()
    return JsonResponse({name: getattr(current, name) for name in KNOB_FIELDS})
