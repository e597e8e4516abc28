"""Paying from the case page, the gateway's redirects and callbacks, receipts, refund account."""

import logging
import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import strong_required
from accounts.security import client_key
from accounts.selectors import get_visible_invoice, invoice_permissions
from integrations.http import UpstreamError
from invoices.selectors import amount_due, with_amount_due
from payments import services
from payments.forms import PayForm, RefundAccountForm
from payments.models import GatewayNotice, Payment, RefundAccount
from payments.providers.base import SignatureError
from payments.receipts import receipt_pdf

logger = logging.getLogger(__name__)


def _payable_invoice(request: HttpRequest, myropo_id: str):
    invoice = get_visible_invoice(request, myropo_id, prepare=with_amount_due)
    if "pay" not in invoice_permissions(request, invoice):
        raise Http404
    invoice.due_now = amount_due(invoice)
    return invoice


def _return_urls(request: HttpRequest) -> services.ReturnUrls:
    from django.conf import settings

    def server(name: str) -> str:  # the gateway's servers call PORTAL_BASE_URL
        return settings.PORTAL_BASE_URL + reverse(name)

    return services.ReturnUrls(
        success=request.build_absolute_uri(reverse("payments:return_success")),
        cancel=request.build_absolute_uri(reverse("payments:return_cancel")),
        callback_success=server("payments:callback_success"),
        callback_cancel=server("payments:callback_cancel"),
    )


@never_cache
@require_POST
def pay(request: HttpRequest, myropo_id: str) -> HttpResponse:
    invoice = _payable_invoice(request, myropo_id)
    form = PayForm(request.POST)
    error = None
    if form.is_valid():
        if not request.session.session_key:
            request.session.save()
        key = services.idempotency_key(
            session_key=request.session.session_key,
            token=str(form.cleaned_data["attempt"]),
            invoice=invoice,
        )
        user = request.user if request.user.is_authenticated else None
        try:
            payment = services.start_payment(
                invoice,
                amount=form.cleaned_data["amount"],
                idempotency_key=key,
                actor=user,
                language=get_language() or "",
                email=getattr(user, "email", "") or "",
            )
            return redirect(services.open_at_gateway(payment, urls=_return_urls(request)))
        except services.PaymentError as exc:
            error = exc.message
        except UpstreamError:
            logger.warning("payments: the gateway could not be reached", exc_info=True)
            error = _("The payment service cannot be reached just now. Please try again soon.")
    elif "attempt" in form.errors:  # a hidden field: say so, and offer a fresh form
        error = _("The payment form was not complete. Please try again.")
        form = PayForm(initial={"amount": request.POST.get("amount", ""), "attempt": uuid.uuid4()})
    context = {"invoice": invoice, "form": form, "error": error}
    return render(request, "payments/pay_error.html", context, status=400)


def _confirm(request: HttpRequest, *, source: str, cancelled: bool):
    """(payment, error status): the signed query handled, or why not."""
    try:
        payment = services.confirm_from_gateway(
            request.GET, source=source, cancelled=cancelled, client=client_key(request)
        )
        return payment, 200
    except SignatureError:
        return None, 400
    except services.UnknownPayment:
        return None, 404
    except services.Mismatch:
        return None, 400
    except UpstreamError:
        logger.warning("payments: gateway unreachable while confirming", exc_info=True)
        return None, 503


def _callback(request: HttpRequest, *, cancelled: bool) -> HttpResponse:
    payment, status = _confirm(request, source=GatewayNotice.Source.CALLBACK, cancelled=cancelled)
    return HttpResponse(
        "ok" if status == 200 else "refused", status=status, content_type="text/plain"
    )


@require_safe
def callback_success(request: HttpRequest) -> HttpResponse:
    return _callback(request, cancelled=False)


@require_safe
def callback_cancel(request: HttpRequest) -> HttpResponse:
    return _callback(request, cancelled=True)


RETURN_MESSAGES = {
    Payment.Status.PAID: (
        messages.SUCCESS,
        gettext_lazy("Thank you: your payment has been received."),
    ),
    Payment.Status.PENDING: (
        messages.INFO,
        gettext_lazy("Your bank has not confirmed the payment yet."),
    ),
    Payment.Status.CANCELLED: (
        messages.INFO,
        gettext_lazy("The payment was cancelled. Nothing was charged."),
    ),
    Payment.Status.FAILED: (messages.ERROR, gettext_lazy("The payment did not go through.")),
}


def _return(request: HttpRequest, *, cancelled: bool) -> HttpResponse:
    payment, status = _confirm(request, source=GatewayNotice.Source.REDIRECT, cancelled=cancelled)
    if payment is None:
        return render(request, "payments/return_problem.html", {"status": status}, status=status)
    level, text = RETURN_MESSAGES.get(payment.status, RETURN_MESSAGES[Payment.Status.PENDING])
    messages.add_message(request, level, text)
    return redirect("invoices:detail", myropo_id=payment.invoice.myropo_id)


@never_cache
@require_safe
def return_success(request: HttpRequest) -> HttpResponse:
    return _return(request, cancelled=False)


@never_cache
@require_safe
def return_cancel(request: HttpRequest) -> HttpResponse:
    return _return(request, cancelled=True)


@require_safe
def receipt(request: HttpRequest, myropo_id: str, payment_id) -> HttpResponse:
    invoice = get_visible_invoice(request, myropo_id)
    payment = get_object_or_404(
        Payment.objects.select_related("invoice__creditor"),
        invoice=invoice,
        public_id=payment_id,
        status=Payment.Status.PAID,
    )
    response = HttpResponse(receipt_pdf(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{payment.paid_at:%Y-%m-%d}.pdf"'
    return response


@never_cache
@strong_required
@require_http_methods(["GET", "POST"])
def refund_account(request: HttpRequest) -> HttpResponse:
    account = RefundAccount.objects.filter(user=request.user).first()
    form = RefundAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_refund_account(request.user, **form.cleaned_data)
        messages.success(request, _("Your refund bank account is saved."))
        return redirect("payments:refund_account")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "payments/refund_account.html", {"account": account, "form": form}, status=status
    )
