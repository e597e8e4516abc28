"""The payload of an EPC QR code ("GiroCode", "SEPA QR") for a SEPA credit transfer.

European Payments Council, EPC069-12 "Quick Response Code: Guidelines to Enable Data Capture
for the Initiation of a SEPA Credit Transfer", version 002 of the format, character set 1
(UTF-8), identification ``SCT``. The elements are separated by LF; the last populated element
is not followed by a separator; the whole payload is at most 331 bytes.

Only the payload text is built here; `invoices.payment_details` draws it with ``segno`` at
error correction level M, as the guidelines ask.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from payments.references import (
    InvalidAccount,
    InvalidAmount,
    InvalidReference,
    PaymentDataError,
    _compact,
    _to_cents,
    validate_rf_reference,
)

__all__ = ["InvalidQrField", "epc_qr_payload"]


class InvalidQrField(PaymentDataError):
    """A text element that the EPC QR code cannot carry (empty, too long, has a line break)."""


_SERVICE_TAG = "BCD"
_VERSION = "002"
_CHARACTER_SET = "1"  # UTF-8
_IDENTIFICATION = "SCT"
_MAX_PAYLOAD_BYTES = 331
_MAX_AMOUNT = Decimal("999999999.99")
_MAX_NAME, _MAX_TEXT, _MAX_INFO = 70, 140, 70

_LINE_BREAKING = frozenset({"Cc", "Zl", "Zp"})  # controls (CR, LF, TAB...), U+2028, U+2029

# Version 002 may leave the BIC out within the EEA (EU, Iceland, Liechtenstein, Norway);
# SEPA payments involving a country outside it (e.g. CH, GB, MC, AD, SM, VA) still need one.
_EEA = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
})  # fmt: skip


def _text(value: str, what: str, *, limit: int, required: bool = False) -> str:
    """Return ``value`` stripped; refuse line breaks and other control characters, and a
    text longer than ``limit`` characters (or empty when ``required``)."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, got {type(value).__name__}")
    text = value.strip()
    if any(unicodedata.category(char) in _LINE_BREAKING for char in text):
        raise InvalidQrField(f"{what} must be one line without control characters")
    if required and not text:
        raise InvalidQrField(f"{what} is required")
    if len(text) > limit:
        raise InvalidQrField(f"{what} has {len(text)} characters, at most {limit} allowed")
    return text


def _sepa_iban(iban: str) -> IBAN:
    """A valid IBAN (schwifty) of a country in the SEPA zone."""
    compact = _compact(iban, "iban")
    if not compact.isascii():
        raise InvalidAccount(f"invalid IBAN {compact!r}: only A-Z and 0-9 are allowed")
    try:
        account = IBAN(compact)
    except SchwiftyException as error:
        raise InvalidAccount(f"invalid IBAN {compact!r}: {error}") from error
    if not account.in_sepa_zone:
        raise InvalidAccount(f"IBAN {account!s} is not in the SEPA zone")
    return account


def _bic(bic: str, account: IBAN) -> str:
    """The BIC (schwifty), which may be empty for an IBAN of the EEA."""
    compact = _compact(bic, "bic")
    if not compact:
        if account.country_code not in _EEA:
            raise InvalidAccount(
                f"a BIC is required for a payee outside the EEA ({account.country_code})"
            )
        return ""
    try:
        return str(BIC(compact))
    except SchwiftyException as error:
        raise InvalidAccount(f"invalid BIC {compact!r}: {error}") from error


def _amount(amount: Decimal) -> str:
    """``EUR`` and the amount with a decimal point: 0.01 to 999999999.99."""
    cents = _to_cents(amount, maximum=_MAX_AMOUNT, what="amount")
    if cents == 0:
        raise InvalidAmount("amount must be at least 0.01")
    return f"EUR{cents // 100}.{cents % 100:02d}"


def _remittance(reference: str, text: str) -> tuple[str, str]:
    """The structured (RF creditor reference) or the unstructured remittance, never both.

    The structured element may hold 35 characters; an RF reference never has more than 25.
    """
    structured = _compact(reference, "reference")
    unstructured = _text(text, "text", limit=_MAX_TEXT)
    if structured and unstructured:
        raise InvalidQrField("give either a structured reference or a text, not both")
    if structured:
        try:
            structured = validate_rf_reference(structured)
        except InvalidReference as error:
            raise InvalidReference(
                f"{error}; the structured reference must be an RF creditor reference "
                "(convert a Finnish one with rf_from_fi, or send it as text)"
            ) from error
    return structured, unstructured


def epc_qr_payload(
    *,
    name: str,
    iban: str,
    amount: Decimal,
    reference: str = "",
    text: str = "",
    bic: str = "",
    info: str = "",
) -> str:
    """Return the EPC QR payload (EPC069-12, version 002, UTF-8, SCT) of a credit transfer.

    ``name`` is the beneficiary (1-70 characters); ``iban`` a SEPA IBAN; ``amount`` a Decimal
    in euros, 0.01-999999999.99; ``reference`` an ISO 11649 RF creditor reference (a Finnish
    national reference can be converted with :func:`payments.references.rf_from_fi`) or
    ``text`` an unstructured remittance of at most 140 characters, not both; ``bic`` may be
    empty within the EEA; ``info`` is the beneficiary-to-originator note (at most 70). The
    purpose code is left empty. The payload is at most 331 bytes in UTF-8.
    """
    account = _sepa_iban(iban)
    structured, unstructured = _remittance(reference, text)
    elements = [
        _SERVICE_TAG,
        _VERSION,
        _CHARACTER_SET,
        _IDENTIFICATION,
        _bic(bic, account),
        _text(name, "name", limit=_MAX_NAME, required=True),
        str(account),
        _amount(amount),
        "",  # purpose
        structured,
        unstructured,
        _text(info, "info", limit=_MAX_INFO),
    ]
    while not elements[-1]:
        elements.pop()
    payload = "\n".join(elements)
    size = len(payload.encode("utf-8"))
    if size > _MAX_PAYLOAD_BYTES:
        raise InvalidQrField(f"the payload has {size} bytes, at most {_MAX_PAYLOAD_BYTES} allowed")
    return payload
