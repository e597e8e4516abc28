"""The receipt of a booked gateway payment as a PDF (WeasyPrint), in the payer's language."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from payments.models import Payment


def receipt_pdf(payment: Payment) -> bytes:
    from weasyprint import HTML  # heavy import: only when a receipt is asked for

    language = payment.language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string(
            "payments/receipt_pdf.html",
            {"payment": payment, "invoice": payment.invoice, "language": language},
        )
    return HTML(string=html).write_pdf()
