from decimal import Decimal

from django import template

from invoices.money import format_money

register = template.Library()


@register.simple_tag
def money(amount: Decimal | None, currency: str) -> str:
    """An amount as people in the page's language write it (see `invoices.money.format_money`)."""
    return format_money(amount, currency)
