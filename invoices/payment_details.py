"""What a debtor needs to pay an open invoice from their own bank.

The account and the reference come from upstream (the creditor's IBAN and BIC, the invoice's
reference). They are checked here with :mod:`payments.references` and :mod:`payments.qr`;
anything a bank would refuse is left out of the page rather than shown, and never raises:
a debtor can still read the rest, and customer service sees the warning in the log.
"""

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import segno
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from invoices.models import Country, InvoiceStatus
from invoices.money import Currency
from payments.qr import epc_qr_payload
from payments.references import (
    PaymentDataError,
    format_bankgiro,
    format_fi_reference,
    format_rf_reference,
    is_valid_bankgiro,
    is_valid_kid,
    is_valid_rf_reference,
    is_valid_se_ocr,
    norwegian_account_number,
    rf_from_fi,
    validate_fi_reference,
    virtual_barcode,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PaymentDetails:
    """The payment details of one invoice, ready to print. Empty strings are left out."""

    recipient: str
    iban: str  # in groups of four
    bic: str
    reference: str  # as printed in the invoice's country
    reference_label: str  # "Reference", Sweden's "OCR number", Norway's "KID"
    domestic_account: str  # Norway: the account number in the IBAN, printed 4.2.5
    bankgiro: str  # Sweden: the creditor's Bankgiro number, NNN-NNNN or NNNN-NNNN
    rf_reference: str  # Finland only: the international (ISO 11649) form, groups of four
    amount: Decimal
    currency: str
    due_date: date
    virtual_barcode: str  # Finland, euros: 54 digits
    epc_qr_payload: str  # euros: EPC069-12 "SEPA QR"

    @property
    def qr_svg(self) -> SafeString:
        """The EPC QR code as inline SVG with an accessible name, or "" without a payload."""
        if not self.epc_qr_payload:
            return mark_safe("")  # noqa: S308 - a constant
        # Error correction level M, as EPC069-12 asks. The SVG holds only path data; the one
        # text put into it, the translated label, is escaped.
        svg = segno.make(self.epc_qr_payload, error="m").svg_inline(
            scale=4, svgclass="payment-qr", lineclass="payment-qr-line"
        )
        label = escape(_("QR code for paying this invoice with a banking app"))
        return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))  # noqa: S308


def payment_details(
    invoice, amount_due: Decimal, *, reference: str = "", due_date: date | None = None
) -> PaymentDetails | None:
    """Return what to show for paying `invoice`, or None when nothing is to be paid.

    `amount_due` is what is owed now (reported, unconfirmed payments already taken off), or
    a plan's instalment with its own `reference`; `due_date` the date as agreed (a
    postponement upstream has not confirmed yet). An invalid IBAN, BIC or reference is left
    out, with a warning in the log.
    """
    if invoice.status != InvoiceStatus.OPEN or amount_due <= 0:
        return None
    due_date = due_date or invoice.due_date
    creditor = invoice.creditor
    iban = _iban(invoice, creditor.iban)
    bic = _bic(invoice, creditor.bic) if iban else ""
    bankgiro = _bankgiro(invoice, creditor.bankgiro)
    national, rf, label = _reference(invoice, reference or invoice.reference, bankgiro=bankgiro)
    return PaymentDetails(
        recipient=creditor.name,
        iban=iban.formatted if iban else "",
        bic=bic,
        reference=_printed_reference(invoice.country, national),
        reference_label=label,
        domestic_account=norwegian_account_number(iban) if iban else "",
        bankgiro=format_bankgiro(bankgiro) if bankgiro else "",
        rf_reference=format_rf_reference(rf) if rf else "",
        amount=amount_due,
        currency=invoice.currency,
        due_date=due_date,
        virtual_barcode=_barcode(invoice, iban, amount_due, national or rf, due_date),
        epc_qr_payload=_epc_payload(invoice, iban, bic, amount_due, rf),
    )


def _warn(invoice, what: str, error: Exception) -> None:
    # The error's message would quote the account or the reference: log only its kind.
    logger.warning(
        "payment details: %s of invoice %s left out (%s)",
        what,
        invoice.myropo_id,
        type(error).__name__,
    )


def _iban(invoice, value: str) -> IBAN | None:
    if not value.strip():
        logger.warning("payment details: invoice %s has no IBAN", invoice.myropo_id)
        return None
    try:
        return IBAN(value)
    except SchwiftyException as error:
        _warn(invoice, "IBAN", error)
        return None


def _bic(invoice, value: str) -> str:
    if not value.strip():
        return ""
    try:
        return str(BIC(value))
    except SchwiftyException as error:
        _warn(invoice, "BIC", error)
        return ""


def _bankgiro(invoice, value: str) -> str:
    """Sweden only: the creditor's Bankgiro number, or "" (none, or invalid: logged)."""
    if invoice.country != Country.SE or not value.strip():
        return ""
    if not is_valid_bankgiro(value):
        logger.warning("payment details: Bankgiro of invoice %s left out", invoice.myropo_id)
        return ""
    return value


def _reference(invoice, reference: str, *, bankgiro: str = "") -> tuple[str, str, str]:
    """The compact reference as the country's banks take it, for Finland its RF form, and
    the label it is printed under.

    A Finnish case may carry a national reference or an RF reference; Swedish OCR numbers
    (with or without a length digit) and Norwegian KIDs (MOD10 or MOD11) are checked as such.
    A valid OCR number is labelled "OCR number" when it goes with a Bankgiro number (Bankgirot
    matches on it); a valid KID is labelled "KID". A Norwegian reference that is no KID is
    still printed, labelled as a message to the recipient ("Melding"); a Swedish one that is
    no OCR is left out.
    """
    value = "".join(reference.split())
    label = _("Reference")
    if invoice.country == Country.FI:
        if is_valid_rf_reference(value):
            return "", value.upper(), label
        try:
            national = validate_fi_reference(value)
        except PaymentDataError as error:
            _warn(invoice, "reference", error)
            return "", "", label
        return national, rf_from_fi(national), label
    if invoice.country == Country.SE:
        if is_valid_se_ocr(value) or is_valid_se_ocr(value, length_digit=True):
            return value, "", _("OCR number") if bankgiro else label
    elif is_valid_kid(value) or is_valid_kid(value, method="mod11"):
        return value, "", "KID"
    elif value:
        return reference.strip(), "", pgettext("a Norwegian reference that is no KID", "Reference")
    logger.warning("payment details: reference of invoice %s left out", invoice.myropo_id)
    return "", "", label


def _printed_reference(country: str, reference: str) -> str:
    if reference and country == Country.FI:
        return format_fi_reference(reference)
    return reference


def _barcode(invoice, iban: IBAN | None, amount: Decimal, reference: str, due_date: date) -> str:
    """The virtual barcode (Finance Finland, Pankkiviivakoodi-opas): Finnish euro accounts."""
    if iban is None or not reference or invoice.currency != Currency.EUR:
        return ""
    if iban.country_code != "FI":
        return ""
    try:
        return virtual_barcode(str(iban), amount, reference, due_date)
    except PaymentDataError as error:
        # E.g. more than 999 999,99 € does not fit the barcode: the page still shows the rest.
        _warn(invoice, "virtual barcode", error)
        return ""


def _epc_payload(invoice, iban: IBAN | None, bic: str, amount: Decimal, rf: str) -> str:
    if iban is None or not rf or invoice.currency != Currency.EUR:
        return ""
    try:
        return epc_qr_payload(
            name=invoice.creditor.name, iban=str(iban), amount=amount, reference=rf, bic=bic
        )
    except PaymentDataError as error:
        _warn(invoice, "EPC QR code", error)
        return ""
