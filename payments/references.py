"""Bank payment references and the Finnish virtual bank barcode, computed locally.

Each function names the published rule it follows:

* Finnish national reference (*viitenumero*): Finance Finland, "Kotimaisen viitteen
  rakenneohje" (Forming a Finnish reference number): 3-19 digits of base data and a check
  digit from the weights 7, 3, 1 taken from the right; 4-20 digits in all; leading zeros are
  not significant and are not printed; printed in groups of five.
* RF creditor reference: ISO 11649:2009 and Finance Finland, "Kansainvälisen viitteen
  rakenneohje" (RF creditor reference guide): ``RF``, two ISO 7064 MOD 97-10 check digits and
  a body of 1-21 letters or digits; printed in groups of four. The check digits come from
  :mod:`stdnum.iso7064.mod_97_10` and validation from :mod:`stdnum.iso11649`.
* Virtual bank barcode (*virtuaaliviivakoodi*): Finance Finland, "Pankkiviivakoodi-opas"
  (Bank bar code guide) v5.3: 54 digits, version 4 for a national reference, version 5 for an
  RF reference. The payee's IBAN is validated with :class:`schwifty.IBAN`.
* Swedish OCR reference: Bankgirot, "OCR-referenskontroll": Luhn (modulus 10) check digit,
  optionally preceded by a length digit; at most 25 digits. Luhn comes from :mod:`stdnum.luhn`.
* Norwegian KID: Nets (Mastercard Payment Services), OCR giro / AvtaleGiro system
  specification: 2-25 digits, last one a MOD10 (Luhn) or MOD11 check digit.

Money is :class:`decimal.Decimal` only; a float raises :class:`TypeError`. Inputs may contain
whitespace; every result is compact unless a ``format_*`` function says otherwise. Refusals
raise subclasses of :class:`PaymentDataError`, itself a :class:`ValueError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import iso11649, luhn
from stdnum.iso7064 import mod_97_10

__all__ = [
    "InvalidAccount",
    "InvalidAmount",
    "InvalidBarcode",
    "InvalidReference",
    "KidMethod",
    "PaymentDataError",
    "VirtualBarcode",
    "fi_check_digit",
    "fi_reference",
    "format_bankgiro",
    "format_fi_reference",
    "format_rf_reference",
    "is_valid_bankgiro",
    "is_valid_fi_reference",
    "is_valid_kid",
    "is_valid_rf_reference",
    "is_valid_se_ocr",
    "kid",
    "norwegian_account_number",
    "parse_virtual_barcode",
    "rf_from_fi",
    "rf_reference",
    "se_ocr",
    "validate_fi_reference",
    "validate_rf_reference",
    "virtual_barcode",
]


class PaymentDataError(ValueError):
    """Payment data that a bank would refuse: the message says which rule was broken."""


class InvalidReference(PaymentDataError):
    """A payment reference (Finnish, RF, OCR or KID) that breaks its rules."""


class InvalidAmount(PaymentDataError):
    """An amount of money that cannot be carried (negative, too large, sub-cent, not finite)."""


class InvalidAccount(PaymentDataError):
    """An IBAN or BIC that is malformed or not accepted where it is used."""


class InvalidBarcode(PaymentDataError):
    """A virtual barcode that cannot be built or read."""


_DIGITS = re.compile(r"[0-9]+")
_ALPHANUMERIC = re.compile(r"[0-9A-Z]+")


def _compact(value: object, what: str) -> str:
    """Return ``value`` without any whitespace; refuse anything but a string."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, got {type(value).__name__}")
    return "".join(value.split())


def _require_digits(value: str, what: str, error: type[PaymentDataError]) -> None:
    """Refuse a value that is not made of ASCII digits only (``str.isdigit`` accepts ``²``)."""
    if not _DIGITS.fullmatch(value):
        raise error(f"{what} must contain digits 0-9 only, got {value!r}")


# --- Finnish national reference ------------------------------------------------------------

_FI_WEIGHTS = (7, 3, 1)
_FI_BASE_MIN, _FI_BASE_MAX = 3, 19


def fi_check_digit(digits: str) -> str:
    """Return the 7-3-1 check digit of ``digits`` (Finance Finland, Kotimaisen viitteen rakenne).

    The digits are multiplied from the right by 7, 3, 1, 7, 3, 1, ...; the check digit takes
    the sum up to the next multiple of ten. No length rule is applied here: see
    :func:`fi_reference` for a complete reference.
    """
    _require_digits(digits, "Finnish reference base", InvalidReference)
    total = sum(int(d) * _FI_WEIGHTS[i % 3] for i, d in enumerate(reversed(digits)))
    return str(-total % 10)


def fi_reference(base: str) -> str:
    """Return the Finnish national reference for ``base``: the base and its 7-3-1 check digit.

    ``base`` has 3-19 digits (whitespace ignored) and no leading zero, as Finance Finland's
    "Kotimaisen viitteen rakenneohje" asks for 4-20 digits in all and leading zeros are not
    significant. The result is compact; see :func:`format_fi_reference` for print.
    """
    digits = _compact(base, "base")
    _require_digits(digits, "Finnish reference base", InvalidReference)
    if digits.startswith("0"):
        raise InvalidReference(
            f"Finnish reference base {digits!r} starts with 0: leading zeros are not significant"
        )
    if not _FI_BASE_MIN <= len(digits) <= _FI_BASE_MAX:
        raise InvalidReference(
            f"Finnish reference base must have {_FI_BASE_MIN}-{_FI_BASE_MAX} digits, "
            f"got {len(digits)}"
        )
    return digits + fi_check_digit(digits)


def validate_fi_reference(value: str) -> str:
    """Return the compact form of a Finnish national reference, or raise InvalidReference.

    Whitespace is ignored, and so are leading zeros (the machine-readable form pads the
    reference with zeros to 20 digits). What is left must have 4-20 digits and a correct
    7-3-1 check digit.
    """
    digits = _compact(value, "reference")
    _require_digits(digits, "Finnish reference", InvalidReference)
    if len(digits) > _FI_BASE_MAX + 1:
        raise InvalidReference(f"Finnish reference has {len(digits)} digits, at most 20 allowed")
    significant = digits.lstrip("0")
    if len(significant) < _FI_BASE_MIN + 1:
        raise InvalidReference(
            f"Finnish reference {digits!r} is too short: at least 4 significant digits"
        )
    if fi_check_digit(significant[:-1]) != significant[-1]:
        raise InvalidReference(f"Finnish reference {digits!r} has a wrong check digit")
    return significant


def is_valid_fi_reference(value: str) -> bool:
    """Tell whether ``value`` is a valid Finnish national reference (see validate_fi_reference)."""
    try:
        validate_fi_reference(value)
    except InvalidReference:
        return False
    return True


def format_fi_reference(value: str) -> str:
    """Return a Finnish reference as printed on invoices: groups of five digits from the right."""
    digits = validate_fi_reference(value)
    head = len(digits) % 5
    groups = [digits[:head]] if head else []
    groups += [digits[i : i + 5] for i in range(head, len(digits), 5)]
    return " ".join(groups)


# --- RF creditor reference (ISO 11649) -----------------------------------------------------

_RF_BODY_MAX = 21
_RF_PATTERN = re.compile(r"RF([0-9]{2})([0-9A-Z]{1,21})")


def _rf_check_digits(body: str) -> str:
    """ISO 11649 check digits: ISO 7064 MOD 97-10 over the body followed by ``RF``."""
    return mod_97_10.calc_check_digits(body + "RF")


def rf_reference(body: str) -> str:
    """Return the ISO 11649 creditor reference ``RF`` + check digits + ``body``.

    ``body`` has 1-21 letters A-Z or digits (whitespace ignored, letters upper-cased). The
    check digits are ``98 - (body + "RF00" as digits) mod 97``, as ISO 11649 and ISO 7064
    MOD 97-10 define; they are always 02-98.
    """
    compact = _compact(body, "body").upper()
    if not _ALPHANUMERIC.fullmatch(compact):
        raise InvalidReference(f"RF reference body must contain A-Z and 0-9 only, got {body!r}")
    if len(compact) > _RF_BODY_MAX:
        raise InvalidReference(
            f"RF reference body has {len(compact)} characters, at most {_RF_BODY_MAX} allowed"
        )
    return "RF" + _rf_check_digits(compact) + compact


def validate_rf_reference(value: str) -> str:
    """Return the compact, upper-case form of an RF creditor reference, or raise InvalidReference.

    Besides the MOD 97-10 test of :func:`stdnum.iso11649.validate`, the check digits must be
    the ones ISO 11649 computes: the aliases ``00``, ``01`` and ``99``, which pass the bare
    modulus test but which no conforming generator produces, are refused.
    """
    compact = _compact(value, "reference").upper()
    match = _RF_PATTERN.fullmatch(compact)
    if match is None:
        raise InvalidReference(
            f"an RF reference is 'RF', 2 check digits and 1-21 letters or digits, not {value!r}"
        )
    check, body = match.groups()
    if not iso11649.is_valid(compact) or check != _rf_check_digits(body):
        raise InvalidReference(f"RF reference {compact!r} has wrong check digits")
    return compact


def is_valid_rf_reference(value: str) -> bool:
    """Tell whether ``value`` is a valid RF creditor reference (see validate_rf_reference)."""
    try:
        validate_rf_reference(value)
    except InvalidReference:
        return False
    return True


def format_rf_reference(value: str) -> str:
    """Return an RF reference as printed: groups of four characters from the left."""
    return iso11649.format(validate_rf_reference(value))


def rf_from_fi(fi_ref: str) -> str:
    """Return the RF creditor reference of a Finnish national reference.

    Finance Finland's RF guide: the national reference, check digit included and leading
    zeros dropped, becomes the body of an ISO 11649 reference.
    """
    return rf_reference(validate_fi_reference(fi_ref))


# --- Money ---------------------------------------------------------------------------------


def _to_cents(amount: object, *, maximum: Decimal, what: str) -> int:
    """Return ``amount`` (a Decimal, 0 to ``maximum``, whole cents) as an int of cents."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"{what} must be a Decimal, got {type(amount).__name__}")
    if not amount.is_finite():
        raise InvalidAmount(f"{what} must be a finite number, got {amount}")
    if amount < 0:
        raise InvalidAmount(f"{what} must not be negative, got {amount}")
    if amount > maximum:
        raise InvalidAmount(f"{what} must be at most {maximum}, got {amount}")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise InvalidAmount(f"{what} must be in whole cents, got {amount}")
    return int(cents)


# --- Virtual bank barcode ------------------------------------------------------------------

_BARCODE_LENGTH = 54
_BARCODE_MAX_AMOUNT = Decimal("999999.99")
_BARCODE_RESERVE = "000"
_NO_DUE_DATE = "000000"
_FI_REFERENCE_WIDTH = 20


@dataclass(frozen=True, slots=True)
class VirtualBarcode:
    """The fields of a virtual barcode; ``amount`` 0 and ``due_date`` None mean "not given"."""

    version: int
    iban: str
    amount: Decimal
    reference: str
    due_date: date | None


def _finnish_iban_digits(iban: str) -> str:
    """Return the 16 digits after ``FI`` of a valid Finnish IBAN (national check included)."""
    compact = _compact(iban, "iban").upper()
    if not compact.startswith("FI"):
        raise InvalidAccount(f"the virtual barcode carries Finnish IBANs only, got {compact!r}")
    if not re.fullmatch(r"FI[0-9]{16}", compact):
        raise InvalidAccount(f"a Finnish IBAN is FI and 16 digits, got {compact!r}")
    try:
        IBAN(compact, validate_bban=True)
    except SchwiftyException as error:
        raise InvalidAccount(f"invalid IBAN {compact!r}: {error}") from error
    return compact[2:]


def _barcode_due_date(due_date: date | None) -> str:
    """YYMMDD, or ``000000`` when there is no due date; the century is always 20xx."""
    if due_date is None:
        return _NO_DUE_DATE
    if not isinstance(due_date, date):
        raise TypeError(f"due_date must be a date or None, got {type(due_date).__name__}")
    if not 2000 <= due_date.year <= 2099:
        raise InvalidBarcode(
            f"the barcode's YYMMDD due date needs a year 2000-2099, got {due_date.year}"
        )
    return due_date.strftime("%y%m%d")


def _barcode_reference(reference: str) -> tuple[str, str]:
    """Return the version digit and the 23 reference digits of the barcode."""
    compact = _compact(reference, "reference").upper()
    if compact.startswith("RF"):
        rf = validate_rf_reference(compact)
        body = rf[4:]
        if not _DIGITS.fullmatch(body):
            raise InvalidBarcode(
                f"a version 5 barcode needs an RF reference with a numeric body, got {rf!r}"
            )
        return "5", rf[2:4] + body.zfill(_RF_BODY_MAX)
    national = validate_fi_reference(compact)
    return "4", _BARCODE_RESERVE + national.zfill(_FI_REFERENCE_WIDTH)


def virtual_barcode(iban: str, amount: Decimal, reference: str, due_date: date | None) -> str:
    """Return the 54-digit virtual barcode of a payment in euros to a Finnish account.

    Finance Finland "Pankkiviivakoodi-opas" (Bank bar code guide) v5.3:

    * version 4 (national reference): ``4``, the 16 IBAN digits after ``FI``, the amount in
      8 digits (6 for euros, 2 for cents), ``000`` (reserve), the reference left-padded with
      zeros to 20 digits, the due date as YYMMDD;
    * version 5 (RF reference): ``5``, IBAN digits, amount, the 2 RF check digits and the
      RF body left-padded with zeros to 21 digits (so it must be numeric), the due date.

    ``amount`` is a Decimal from 0 (amount not given) to 999999.99: a larger one does not
    fit and is refused rather than left out. ``due_date`` None gives ``000000``.
    """
    account = _finnish_iban_digits(iban)
    cents = _to_cents(amount, maximum=_BARCODE_MAX_AMOUNT, what="amount")
    version, reference_digits = _barcode_reference(reference)
    return f"{version}{account}{cents:08d}{reference_digits}{_barcode_due_date(due_date)}"


def _parse_barcode_due_date(digits: str) -> date | None:
    if digits == _NO_DUE_DATE:
        return None
    try:
        return date(2000 + int(digits[:2]), int(digits[2:4]), int(digits[4:]))
    except ValueError as error:
        raise InvalidBarcode(f"barcode due date {digits!r} is not a date") from error


def _parse_barcode_reference(version: str, digits: str) -> str:
    if version == "4":
        if digits[:3] != _BARCODE_RESERVE:
            raise InvalidBarcode(f"version 4 reserve field must be 000, got {digits[:3]!r}")
        return validate_fi_reference(digits[3:])
    return validate_rf_reference("RF" + digits[:2] + (digits[2:].lstrip("0") or "0"))


def parse_virtual_barcode(code: str) -> VirtualBarcode:
    """Read a version 4 or 5 virtual barcode back into its fields, checking each one.

    The inverse of :func:`virtual_barcode`, except that leading zeros of a reference are
    dropped (they are not significant) and the due date's century is taken to be 20xx.
    """
    digits = _compact(code, "code")
    _require_digits(digits, "virtual barcode", InvalidBarcode)
    if len(digits) != _BARCODE_LENGTH:
        raise InvalidBarcode(f"a virtual barcode has 54 digits, got {len(digits)}")
    version = digits[0]
    if version not in ("4", "5"):
        raise InvalidBarcode(f"only barcode versions 4 and 5 are supported, got {version}")
    iban = "FI" + digits[1:17]
    _finnish_iban_digits(iban)
    return VirtualBarcode(
        version=int(version),
        iban=iban,
        amount=Decimal(int(digits[17:25])) / 100,
        reference=_parse_barcode_reference(version, digits[25:48]),
        due_date=_parse_barcode_due_date(digits[48:]),
    )


# --- Swedish OCR reference -----------------------------------------------------------------

_MAX_LENGTH = 25  # both Bankgirot's OCR reference and Nets' KID have at most 25 digits


def _check_number(number: str, what: str, *, extra: int) -> str:
    """Compact ``number``; require digits, and at most 25 once ``extra`` digits are added."""
    digits = _compact(number, "number")
    _require_digits(digits, what, InvalidReference)
    total = len(digits) + extra
    if total > _MAX_LENGTH:
        raise InvalidReference(f"{what} would have {total} digits; at most {_MAX_LENGTH} allowed")
    return digits


def se_ocr(number: str, *, length_digit: bool = False) -> str:
    """Return the Swedish OCR reference for ``number`` (Bankgirot, OCR-referenskontroll).

    The last digit is a Luhn (modulus 10) check digit over everything before it. With
    ``length_digit`` a length digit, the total length (both added digits included) modulo
    10, comes before the check digit. The result has at most 25 digits.
    """
    digits = _check_number(number, "OCR reference", extra=2 if length_digit else 1)
    if length_digit:
        digits += str((len(digits) + 2) % 10)
    return digits + luhn.calc_check_digit(digits)


def is_valid_se_ocr(value: str, *, length_digit: bool = False) -> bool:
    """Tell whether ``value`` is a valid OCR reference (Luhn, and length digit if asked)."""
    digits = _compact(value, "value")
    minimum = 3 if length_digit else 2
    if not _DIGITS.fullmatch(digits) or not minimum <= len(digits) <= _MAX_LENGTH:
        return False
    if length_digit and digits[-2] != str(len(digits) % 10):
        return False
    return luhn.is_valid(digits)


# --- Norwegian KID -------------------------------------------------------------------------

KidMethod = Literal["mod10", "mod11"]
_KID_METHODS = ("mod10", "mod11")


def _mod11_check_digit(digits: str) -> str:
    """Nets MOD11: weights 2, 3, 4, 5, 6, 7, 2, ... from the right; ``11 - sum mod 11``.

    A remainder of 0 gives ``0``. A remainder of 1 would need the check character ``-``;
    many Norwegian banks refuse such a KID, so this module treats the number as unusable.
    """
    total = sum(int(d) * (2 + i % 6) for i, d in enumerate(reversed(digits)))
    remainder = total % 11
    if remainder == 1:
        raise InvalidReference(
            f"{digits!r} has no MOD11 KID: its check would be '-', which banks refuse; "
            "choose another number"
        )
    return str(-remainder % 11)


def _require_kid_method(method: str) -> None:
    if method not in _KID_METHODS:
        raise ValueError(f"method must be 'mod10' or 'mod11', got {method!r}")


def _kid_check_digit(digits: str, method: str) -> str:
    _require_kid_method(method)
    return luhn.calc_check_digit(digits) if method == "mod10" else _mod11_check_digit(digits)


def kid(number: str, *, method: KidMethod = "mod10") -> str:
    """Return the Norwegian KID for ``number``: the number and a MOD10 or MOD11 check digit.

    Nets OCR giro specification: a KID has 2-25 digits. MOD10 is Luhn; MOD11 uses weights
    2-7 from the right. A number whose MOD11 check would be ``-`` raises InvalidReference
    (a documented choice: that KID form is refused by many banks).
    """
    digits = _check_number(number, "KID", extra=1)
    return digits + _kid_check_digit(digits, method)


def is_valid_kid(value: str, *, method: KidMethod = "mod10") -> bool:
    """Tell whether ``value`` is a valid KID: 2-25 digits, correct check digit.

    A KID ending in ``-`` is not valid here (see :func:`kid`).
    """
    _require_kid_method(method)
    digits = _compact(value, "value")
    if not _DIGITS.fullmatch(digits) or not 2 <= len(digits) <= _MAX_LENGTH:
        return False
    try:
        return _kid_check_digit(digits[:-1], method) == digits[-1]
    except InvalidReference:
        return False


# --- Swedish Bankgiro number and Norwegian account number ----------------------------------


def is_valid_bankgiro(value: str) -> bool:
    """Tell whether ``value`` is a Bankgiro number: 7 or 8 digits, the last a Luhn check digit
    (Bankgirot); a hyphen and spaces are allowed as printed."""
    digits = "".join(str(value).replace("-", "").split())
    return bool(_DIGITS.fullmatch(digits)) and 7 <= len(digits) <= 8 and luhn.is_valid(digits)


def format_bankgiro(value: str) -> str:
    """A Bankgiro number as printed: NNN-NNNN or NNNN-NNNN (the last four after the hyphen)."""
    digits = "".join(str(value).replace("-", "").split())
    return f"{digits[:-4]}-{digits[-4:]}"


def norwegian_account_number(iban: IBAN) -> str:
    """The domestic account number in a Norwegian IBAN, printed 4.2.5 (``8601 11 17947``);
    "" for an IBAN of another country."""
    if iban.country_code != "NO":
        return ""
    bban = iban.bban
    return f"{bban[:4]} {bban[4:6]} {bban[6:]}"
