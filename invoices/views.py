"""What a debtor sees. Every invoice comes through the access selector."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import assurance
from accounts.selectors import get_visible_invoice, visible_invoices
from integrations.http import UpstreamError
from integrations.ropo_one.letters import letter_pdf
from invoices.models import InvoiceStatus
from invoices.selectors import amount_due, totals_by_currency, with_amount_due


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
    invoice = get_visible_invoice(request, myropo_id)
    invoice = with_amount_due(visible_invoices(request).filter(pk=invoice.pk)).get()
    invoice.due_now = amount_due(invoice)
    context = {
        "invoice": invoice,
        "rows": invoice.rows.all(),
        "letters": invoice.letters.order_by("sent_on", "pk"),
    }
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
