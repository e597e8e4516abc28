"""Money: `Decimal` plus an ISO currency. All rounding goes through `round_money`."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.db import models
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
MAX_DIGITS = 14


class Currency(models.TextChoices):
    EUR = "EUR", _("euro")
    SEK = "SEK", _("Swedish krona")
    NOK = "NOK", _("Norwegian krone")


COUNTRY_CURRENCY = {"FI": Currency.EUR, "SE": Currency.SEK, "NO": Currency.NOK}


def round_money(amount: Decimal | int | str) -> Decimal:
    """Round to the cent, half up (as banks and collection letters do). Floats are refused."""
    if isinstance(amount, float):
        raise TypeError("Money is never a float; pass a Decimal or a string.")
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def to_minor_units(amount: Decimal) -> int:
    """Cents (öre, øre) for a provider's edge: exact, or an error."""
    rounded = round_money(amount)
    if rounded != amount:
        raise ValueError(f"{amount} has more precision than cents.")
    return int(rounded * 100)


SYMBOLS = {"EUR": "€", "SEK": "kr", "NOK": "kr"}


def format_money(amount: Decimal | None, currency: str) -> str:
    """An amount as people in the active language write it, the one way the portal shows money.

    fi, sv: 1 234,50 € / 1 234,50 kr; nb: 1 234,50 € / kr 1 234,50; en: €1,234.50 / SEK 1,234.50
    (in English "kr" names no one currency). The number's separators come from myropo/formats.
    """
    if amount is None:
        return ""
    number = formats.number_format(round_money(amount), 2, use_l10n=True, force_grouping=True)
    symbol = SYMBOLS.get(currency, currency)
    language = (get_language() or "en")[:2]
    if language == "en":
        return f"€{number}" if currency == "EUR" else f"{currency}\xa0{number}"
    if language == "nb" and symbol == "kr":
        return f"kr\xa0{number}"
    return f"{number}\xa0{symbol}"


# Any kind of space may group thousands: typed, pasted from a bank's page (no-break) or copied
# from a formatted amount (narrow no-break).
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_GROUPED = re.compile(r"\d{1,3}(\d{3})*|\d{1,3}([.,]\d{3})+")


def parse_money(text: str) -> Decimal:
    """An amount as a person types it, in any Nordic or English way: "20,50", "20.50",
    "1 234,50", "1.234,50", "1,234.50". Raises `ValueError` for anything else.

    The last "," or "." followed by one or two digits is the decimal separator; others must
    group thousands. A lone separator before three digits ("1.234") is read as the active
    language's decimal separator if it is one and as grouping otherwise.
    """
    value = _SPACES.sub("", text or "")
    sign = ""
    if value[:1] in "+-":
        sign, value = value[:1].replace("+", ""), value[1:]
    if not value or not re.fullmatch(r"[\d.,]+", value) or not value[0].isdigit():
        raise ValueError(text)
    whole, decimals = value, ""
    last = max(value.rfind(","), value.rfind("."))
    if last >= 0:
        tail = value[last + 1 :]
        one_separator = value.count(",") + value.count(".") == 1
        local = formats.get_format("DECIMAL_SEPARATOR")
        if len(tail) in (1, 2) or (one_separator and value[last] == local):
            whole, decimals = value[:last], tail
    if not _GROUPED.fullmatch(whole) or len({c for c in whole if c in ".,"}) > 1:
        raise ValueError(text)
    if decimals and value[last] in whole:
        raise ValueError(text)  # "1.234.5": the same sign cannot both group and separate
    try:
        return Decimal(sign + re.sub(r"[.,]", "", whole) + ("." + decimals if decimals else ""))
    except InvalidOperation as exc:
        raise ValueError(text) from exc


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    kwargs.setdefault("default", Decimal("0.00"))
    return models.DecimalField(verbose_name, max_digits=MAX_DIGITS, decimal_places=2, **kwargs)


class AmountField(forms.DecimalField):
    """A money amount typed the person's way (`parse_money`) and shown in their language
    ("43,80" in Finnish), with the keypad that has the separator on phones."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        kwargs["localize"] = True
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_money(str(value))
        except ValueError:
            example = formats.number_format(Decimal("20.50"), 2, use_l10n=True)
            raise forms.ValidationError(
                _("Enter the amount in figures, for example %(example)s."),
                code="invalid",
                params={"example": example},
            ) from None
