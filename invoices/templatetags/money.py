from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import get_language

register = template.Library()

SYMBOLS = {"EUR": "€", "SEK": "kr", "NOK": "kr"}


@register.simple_tag
def money(amount: Decimal | None, currency: str) -> str:
    """An amount as people in the page's language write it: 1 234,56 € / kr 1 234,56."""
    if amount is None:
        return ""
    number = formats.number_format(amount, 2, use_l10n=True, force_grouping=True)
    symbol = SYMBOLS.get(currency, currency)
    if get_language() == "nb" and symbol == "kr":
        return f"kr {number}"
    if get_language() == "en":
        return f"{currency} {number}"
    return f"{number} {symbol}"
