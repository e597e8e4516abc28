"""Money helpers: ``Decimal`` only, rounded in one place, with the currency of each country."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

CURRENCY_BY_COUNTRY: dict[str, str] = {"FI": "EUR", "SE": "SEK", "NO": "NOK"}


def money(value: Decimal | int | str) -> Decimal:
    """Round to cents, half up. Refuses floats so binary fractions never reach an amount."""
    if isinstance(value, float):
        raise TypeError("money amounts must not be floats")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def currency_for(country: str) -> str:
    return CURRENCY_BY_COUNTRY[country]


def split_evenly(total: Decimal, parts: int) -> list[Decimal]:
    """Split ``total`` into ``parts`` amounts exact to the cent; the last one takes the rest."""
    if parts < 1:
        raise ValueError("parts must be at least 1")
    total = money(total)
    share = (total / parts).quantize(CENT, rounding=ROUND_DOWN)
    return [share] * (parts - 1) + [total - share * (parts - 1)]
