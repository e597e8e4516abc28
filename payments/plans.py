"""Payment plans in exact cents: splitting a debt into instalments and proposing plans.

`instalment_amounts` splits a total so that the parts sum to it exactly and differ by at most
one cent (the earlier ones carry the odd cents). `propose_plans` builds what the plan builder
offers: from the number of instalments a debtor picks, or from what they can pay a month,
the cheapest plan that fits the creditor's policy and the law, each with every instalment's
date and amount, the plan fee, the interest forecast and the total cost.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def instalment_amounts(total: Decimal, count: int) -> list[Decimal]:
    """``total`` in ``count`` parts exact to the cent: they sum to ``total`` and no two differ
    by more than one cent (the first ones take the odd cents).

    Raises `ValueError` for a count below one, a total that is not positive or has more
    precision than cents, or a total too small to give every instalment at least a cent.
    """
    if isinstance(total, float) or not isinstance(total, Decimal):
        raise ValueError("the total must be a Decimal")
    if count < 1:
        raise ValueError("a plan has at least one instalment")
    if total <= 0 or total != total.quantize(CENT):
        raise ValueError("the total must be a positive amount in cents")
    cents = int(total * 100)
    if cents < count:
        raise ValueError("the total is too small for that many instalments")
    base, extra = divmod(cents, count)
    return [(Decimal(base + (1 if i < extra else 0)) / 100).quantize(CENT) for i in range(count)]


def with_fee_on_first(amounts: list[Decimal], fee: Decimal) -> list[Decimal]:
    """The plan fee is paid with the first instalment."""
    return [amounts[0] + fee, *amounts[1:]] if amounts else []


def due_dates(
    count: int, *, start: datetime.date, day_of_month: int, first_at_once: bool
) -> list[datetime.date]:
    """Instalment days: monthly on ``day_of_month`` (1-28, a payday); the first one either at
    once (``start``) or on that day of month at least 14 days after ``start``."""
    if not 1 <= day_of_month <= 28:
        raise ValueError("the day of the month must be from 1 to 28")
    dates = []
    year, month = start.year, start.month
    first = datetime.date(year, month, day_of_month)
    while first < start + datetime.timedelta(days=14):
        year, month = _next_month(year, month)
        first = datetime.date(year, month, day_of_month)
    if first_at_once:
        dates.append(start)
        count -= 1
    year, month = first.year, first.month
    for _ in range(count):
        dates.append(datetime.date(year, month, day_of_month))
        year, month = _next_month(year, month)
    return dates


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


@dataclass(frozen=True)
class Instalment:
    number: int
    due: datetime.date
    amount: Decimal


@dataclass(frozen=True)
class PlanProposal:
    instalments: tuple[Instalment, ...]
    fee: Decimal
    interest_forecast: Decimal
    principal: Decimal  # what is owed now, spread over the instalments

    @property
    def count(self) -> int:
        return len(self.instalments)

    @property
    def total_cost(self) -> Decimal:
        """What the plan costs on top of the debt: its fee and the interest it lets run."""
        return self.fee + self.interest_forecast

    @property
    def total_to_pay(self) -> Decimal:
        return self.principal + self.total_cost

    @property
    def last_due(self) -> datetime.date:
        return self.instalments[-1].due


@dataclass(frozen=True)
class PlanTerms:
    """What the policy and the law allow for one debt (see `invoices.plans.plan_terms`)."""

    principal: Decimal
    interest_base: Decimal  # the capital still unpaid, on which late interest runs
    annual_rate: Decimal  # percent a year
    fee: Decimal  # the plan fee, plus `fee_per_notice` for each instalment notice
    max_instalments: int
    min_instalment: Decimal
    first_at_once: bool
    fee_per_notice: Decimal = ZERO
    fee_cap: Decimal | None = None  # what the overall statutory cap still leaves room for
    currency: str = "EUR"  # the debt's, for the amounts a refusal names

    def fee_for(self, count: int) -> Decimal:
        fee = self.fee + self.fee_per_notice * count
        return fee if self.fee_cap is None else max(ZERO, min(fee, self.fee_cap))


def interest_forecast(
    terms: PlanTerms, amounts: list[Decimal], dates: list[datetime.date], start: datetime.date
) -> Decimal:
    """Late interest on the capital as the instalments pay it down (payments go to capital
    last, so capital is reduced only once the rest of the debt is paid)."""
    rate = terms.annual_rate / Decimal(100) / Decimal(365)
    capital = terms.interest_base
    other = terms.principal - terms.interest_base  # fees and interest already due
    previous = start
    total = Decimal(0)
    for amount, due in zip(amounts, dates, strict=True):
        total += capital * rate * (due - previous).days
        to_other = min(other, amount)
        other -= to_other
        capital = max(ZERO, capital - (amount - to_other))
        previous = due
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def build(terms: PlanTerms, count: int, *, start: datetime.date, day_of_month: int) -> PlanProposal:
    amounts = instalment_amounts(terms.principal, count)
    dates = due_dates(
        count, start=start, day_of_month=day_of_month, first_at_once=terms.first_at_once
    )
    forecast = interest_forecast(terms, amounts, dates, start)
    fee = terms.fee_for(count)
    with_fee = with_fee_on_first(amounts, fee)
    instalments = tuple(
        Instalment(n, due, amount)
        for n, (due, amount) in enumerate(zip(dates, with_fee, strict=True), start=1)
    )
    return PlanProposal(instalments, fee, forecast, terms.principal)


class PlanNotPossible(ValueError):
    """No plan fits; the message says why, for the person."""


def most_instalments(principal: Decimal, *, min_instalment: Decimal, max_instalments: int) -> int:
    """The most instalments a plan of ``principal`` may have; raises `PlanNotPossible` when no
    plan of two or more fits (the debt is below two of the smallest instalments)."""
    from django.utils.translation import gettext as _

    most = min(max_instalments, int(principal // min_instalment))
    if principal < min_instalment * 2 or most < 2:
        raise PlanNotPossible(_("This debt is too small to be paid in instalments."))
    return most


def propose_plans(
    terms: PlanTerms,
    *,
    start: datetime.date,
    day_of_month: int,
    count: int | None = None,
    monthly: Decimal | None = None,
) -> list[PlanProposal]:
    """The cheapest plan that fits first, then up to two longer ones for comparison.

    With ``count``: exactly that many instalments. With ``monthly``: the fewest instalments
    none of which is above ``monthly`` (fewer instalments cost less interest). Raises
    `PlanNotPossible` with the reason when no plan fits.
    """
    from django.utils.translation import gettext as _

    most = most_instalments(
        terms.principal,
        min_instalment=terms.min_instalment,
        max_instalments=terms.max_instalments,
    )
    if count is not None:
        if not 2 <= count <= most:
            raise PlanNotPossible(_("Choose from 2 to %(most)d instalments.") % {"most": most})
        fewest = count
    elif monthly is not None:
        if monthly <= 0:
            raise PlanNotPossible(_("The monthly amount must be more than zero."))
        fewest = max(2, int((terms.principal / monthly).to_integral_value(ROUND_CEILING)))
        if fewest > most:
            raise PlanNotPossible(
                _("The smallest monthly amount a plan allows here is %(amount)s.")
                % {"amount": _smallest_monthly(terms, most)}
            )
    else:
        raise PlanNotPossible(_("Choose the number of instalments or a monthly amount."))
    counts = [fewest] + [n for n in (fewest + 1, fewest + 2) if n <= most and count is None]
    return [build(terms, n, start=start, day_of_month=day_of_month) for n in counts]


def _smallest_monthly(terms: PlanTerms, most: int) -> str:
    from invoices.money import format_money

    amount = (terms.principal / most).quantize(CENT, rounding=ROUND_CEILING)
    return format_money(amount, terms.currency)
