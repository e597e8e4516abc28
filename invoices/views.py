"""What a debtor sees. Every invoice comes through the access selector."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import assurance, delegation
from accounts.decorators import strong_required
from accounts.forms import InviteDelegateForm
from accounts.models import DelegationGrant
from accounts.selectors import (
    delegation_for,
    get_visible_invoice,
    invoice_permissions,
    visible_invoices,
)
from accounts.views import safe_next
from integrations.http import UpstreamError
from integrations.ropo_one.letters import letter_pdf
from invoices.models import InvoiceStatus
from invoices.payment_details import payment_details
from invoices.selectors import amount_due, totals_by_currency, with_amount_due
from payments.selectors import payment_context


def _debtor_session(request: HttpRequest) -> bool:
    return assurance.level(request) is not None


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if not _debtor_session(request):
        return redirect("account_login")
    invoices = list(with_amount_due(visible_invoices(request)).order_by("due_date", "pk"))
    for invoice in invoices:
        invoice.due_now = amount_due(invoice)
    context = {
        "open_invoices": [i for i in invoices if i.status == InvoiceStatus.OPEN],
        "closed_invoices": [i for i in invoices if i.status != InvoiceStatus.OPEN],
        "totals": sorted(totals_by_currency(invoices).items()),
    }
    return render(request, "invoices/home.html", context)


@require_safe
def detail(request: HttpRequest, myropo_id: str) -> HttpResponse:
    invoice = get_visible_invoice(request, myropo_id, prepare=with_amount_due)
    invoice.due_now = amount_due(invoice)
    permissions = invoice_permissions(request, invoice)
    context = {
        "invoice": invoice,
        "rows": invoice.rows.all(),
        "letters": invoice.letters.order_by("sent_on", "pk"),
        "permissions": permissions,
        "on_behalf_of": None if "authorize" in permissions else delegation_for(request, invoice),
        "payment": payment_details(invoice, invoice.due_now),
    }
    context.update(payment_context(request, invoice))
    return render(request, "invoices/detail.html", context)


@require_safe
def letter(request: HttpRequest, myropo_id: str, letter_id: str) -> HttpResponse:
    invoice = get_visible_invoice(request, myropo_id)
    item = get_object_or_404(invoice.letters, public_id=letter_id)
    try:
        content = letter_pdf(item)
    except UpstreamError:
        messages.error(
            request, _("The letter could not be fetched just now. Please try again soon.")
        )
        return redirect("invoices:detail", myropo_id=invoice.myropo_id)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{item.sent_on}.pdf"'
    return response


@strong_required
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest, myropo_id: str) -> HttpResponse:
    invoice = get_visible_invoice(request, myropo_id)
    if "authorize" not in invoice_permissions(request, invoice):
        raise Http404
    form = InviteDelegateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            delegation.invite_delegate(invoice, granted_by=request.user, **form.cleaned_data)
        except delegation.GrantError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect("invoices:authorize", myropo_id=invoice.myropo_id)
    grants = invoice.grants.order_by("-created_at")
    return render(
        request,
        "invoices/authorize.html",
        {"invoice": invoice, "form": form, "grants": grants},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def revoke(request: HttpRequest, myropo_id: str, grant_id: str) -> HttpResponse:
    """The person who made a grant may always end it (whoever they act for right now);
    otherwise only someone who owns the invoice may."""
    grant = DelegationGrant.objects.filter(
        public_id=grant_id, invoice__myropo_id=myropo_id.upper(), granted_by=request.user
    ).first()
    if grant is None:
        invoice = get_visible_invoice(request, myropo_id)
        if "authorize" not in invoice_permissions(request, invoice):
            raise Http404
        grant = get_object_or_404(invoice.grants, public_id=grant_id)
    delegation.revoke_grant(grant, actor=request.user)
    messages.success(request, _("The authorization was ended."))
    fallback = reverse("invoices:authorize", args=[grant.invoice.myropo_id])
    return redirect(safe_next(request, fallback))
