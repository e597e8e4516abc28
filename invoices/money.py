"""Money: `Decimal` plus an ISO currency. All rounding goes through `round_money`."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
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


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    kwargs.setdefault("default", Decimal("0.00"))
    return models.DecimalField(verbose_name, max_digits=MAX_DIGITS, decimal_places=2, **kwargs)
