"""Instalments exact to the cent (property-tested) and the plan builder's proposals."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payments.plans import (
    PlanNotPossible,
    PlanTerms,
    due_dates,
    instalment_amounts,
    propose_plans,
    with_fee_on_first,
)

totals = st.integers(min_value=1, max_value=10**11).map(lambda cents: Decimal(cents) / 100)


@given(total=totals, count=st.integers(min_value=1, max_value=120))
def test_instalments_sum_to_the_total_and_differ_by_at_most_a_cent(total, count):
    if int(total * 100) < count:
        with pytest.raises(ValueError):
            instalment_amounts(total, count)
        return
    amounts = instalment_amounts(total, count)
    assert len(amounts) == count
    assert sum(amounts) == total
    assert max(amounts) - min(amounts) <= Decimal("0.01")
    assert all(a == a.quantize(Decimal("0.01")) and a > 0 for a in amounts)
    assert amounts == sorted(amounts, reverse=True)  # the odd cents come first


@given(
    total=totals,
    count=st.integers(min_value=2, max_value=60),
    fee=st.integers(min_value=0, max_value=5000).map(lambda c: Decimal(c) / 100),
)
def test_a_fee_on_the_first_instalment_leaves_the_rest_within_a_cent(total, count, fee):
    if int(total * 100) < count:
        return
    amounts = with_fee_on_first(instalment_amounts(total, count), fee)
    assert sum(amounts) == total + fee
    rest = amounts[1:]
    assert max(rest) - min(rest) <= Decimal("0.01")
    assert amounts[0] - fee - min(rest) <= Decimal("0.01")


@pytest.mark.parametrize("bad", [Decimal("0"), Decimal("-1.00"), Decimal("10.001")])
def test_totals_that_are_not_positive_cents_are_refused(bad):
    with pytest.raises(ValueError):
        instalment_amounts(bad, 3)


def test_a_float_is_refused():
    with pytest.raises(ValueError):
        instalment_amounts(10.0, 2)  # type: ignore[arg-type]


def test_100_euros_in_3():
    assert instalment_amounts(Decimal("100.00"), 3) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]


@given(
    start=st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2030, 12, 31)),
    day=st.integers(min_value=1, max_value=28),
    count=st.integers(min_value=1, max_value=36),
    at_once=st.booleans(),
)
def test_instalment_days_are_monthly_on_payday_and_at_least_two_weeks_out(
    start, day, count, at_once
):
    dates = due_dates(count, start=start, day_of_month=day, first_at_once=at_once)
    assert len(dates) == count
    monthly = dates[1:] if at_once else dates
    if at_once:
        assert dates[0] == start
    if monthly:
        assert monthly[0] >= start + datetime.timedelta(days=14)
        assert monthly[0] < start + datetime.timedelta(days=14 + 31)
    assert all(d.day == day for d in monthly)
    assert dates == sorted(set(dates))


TERMS = PlanTerms(
    principal=Decimal("600.00"),
    interest_base=Decimal("550.00"),
    annual_rate=Decimal("9.15"),
    fee=Decimal("50.00"),
    max_instalments=12,
    min_instalment=Decimal("20.00"),
    first_at_once=False,
)
START = datetime.date(2026, 11, 22)


def test_a_monthly_amount_gets_the_cheapest_plan_that_fits_first():
    proposals = propose_plans(TERMS, start=START, day_of_month=15, monthly=Decimal("110"))
    best = proposals[0]
    assert best.count == 6  # 600 / 110 -> 6 instalments of 100
    assert all(i.amount <= Decimal("110") for i in best.instalments[1:])
    assert [p.count for p in proposals] == [6, 7, 8]
    costs = [p.total_cost for p in proposals]
    assert costs == sorted(costs)  # longer plans cost more interest
    assert best.instalments[0].amount == Decimal("150.00")  # the fee with the first
    assert best.total_to_pay == Decimal("600.00") + Decimal("50.00") + best.interest_forecast
    assert best.instalments[0].due == datetime.date(2026, 12, 15)
    assert best.last_due == datetime.date(2027, 5, 15)


def test_the_interest_forecast_is_the_late_interest_on_the_declining_capital():
    (plan,) = propose_plans(TERMS, start=START, day_of_month=15, count=2)
    # 50 € of other costs are paid first: capital 550 runs to 15.12 (23 days), then
    # 550 - 250 = 300 runs to 15.1 (31 days), at 9.15 % a year.
    expected = (
        Decimal("550") * Decimal("0.0915") * 23 / 365
        + Decimal("300") * Decimal("0.0915") * 31 / 365
    ).quantize(Decimal("0.01"))
    assert plan.interest_forecast == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"count": 13}, "Choose from 2 to 12 instalments."),
        ({"count": 1}, "Choose from 2 to 12 instalments."),
        ({"monthly": Decimal("40")}, "The smallest monthly amount a plan allows here is €50.00."),
        ({"monthly": Decimal("0")}, "The monthly amount must be more than zero."),
        ({}, "Choose the number of instalments or a monthly amount."),
    ],
)
def test_what_does_not_fit_is_refused_with_the_reason(kwargs, message):
    with pytest.raises(PlanNotPossible, match=message.replace(".", r"\.")):
        propose_plans(TERMS, start=START, day_of_month=15, **kwargs)


def test_a_debt_below_two_smallest_instalments_cannot_be_split():
    small = PlanTerms(**{**TERMS.__dict__, "principal": Decimal("30.00")})
    with pytest.raises(PlanNotPossible, match="too small"):
        propose_plans(small, start=START, day_of_month=15, count=2)


def test_a_fee_per_notice_grows_with_the_instalments_within_the_cap():
    swedish = PlanTerms(
        **{**TERMS.__dict__, "fee": Decimal("170.00"), "fee_per_notice": Decimal("60.00")}
    )
    (three,) = propose_plans(swedish, start=START, day_of_month=25, count=3)
    assert three.fee == Decimal("350.00")
    capped = PlanTerms(**{**swedish.__dict__, "fee_cap": Decimal("200.00")})
    (three,) = propose_plans(capped, start=START, day_of_month=25, count=3)
    assert three.fee == Decimal("200.00")
