"""The rules table: the statutory figures, the day each took effect, and the caps applied."""

import datetime
from decimal import Decimal

import pytest

from invoices import rules

D = Decimal


@pytest.mark.parametrize(
    ("country", "kind", "since", "reminder", "collection", "plan"),
    [
        (
            "FI",
            "person",
            datetime.date(2023, 1, 1),
            D("5.00"),
            (D("14.00"), D("24.00"), D("50.00")),
            (D("20.00"), D("30.00"), D("50.00")),
        ),
        (
            "FI",
            "company",
            datetime.date(2019, 3, 1),
            D("12.00"),
            (D("50.00"), D("50.00"), D("70.00")),
            (D("0.00"),) * 3,
        ),
        (
            "SE",
            "person",
            datetime.date(2008, 1, 1),
            D("60.00"),
            (D("180.00"),) * 3,
            (D("170.00"),) * 3,
        ),
        (
            "NO",
            "person",
            datetime.date(2025, 1, 1),
            D("35.00"),
            (D("140.00"),) * 3,
            (D("105.00"),) * 3,
        ),
    ],
)
def test_the_figures_and_the_day_they_took_effect(country, kind, since, reminder, collection, plan):
    row = rules.rules_for(country, kind, datetime.date(2026, 11, 22))
    assert row.effective_from == since
    assert row.source
    assert row.reminder_fee == reminder
    capitals = (D("40.00"), D("150.00"), D("500.00"))
    assert tuple(row.collection_cost(c) for c in capitals) == collection
    assert tuple(rules.pick(row.plan_fee, c) for c in capitals) == plan


def test_finnish_consumer_caps_and_notice_period():
    row = rules.rules_for("FI", "person", datetime.date(2026, 1, 1))
    assert [row.cost_cap(c) for c in (D("50.00"), D("50.01"), D("200.00"), D("200.01"))] == [
        D("60.00"),
        D("120.00"),
        D("120.00"),
        D("210.00"),
    ]
    assert row.first_reminder_after_days == 14
    assert row.chargeable_plans == 2


def test_finnish_businesses_pay_the_standard_compensation_and_bigger_collection_charges():
    row = rules.rules_for("FI", "company", datetime.date(2026, 1, 1))
    assert row.standard_compensation == D("40.00")
    assert [row.collection_cost(c) for c in (D("250"), D("1000"), D("10000"), D("10000.01"))] == [
        D("50.00"),
        D("70.00"),
        D("90.00"),
        D("110.00"),
    ]


def test_swedish_plans_cost_a_fee_and_a_fee_per_notice():
    row = rules.rules_for("SE", "person", datetime.date(2026, 1, 1))
    assert row.plan_cost(D("1000"), notices=6) == D("170.00") + 6 * D("60.00")


def test_before_a_rule_took_effect_there_is_no_rule():
    with pytest.raises(rules.NoRules):
        rules.rules_for("NO", "person", datetime.date(2024, 12, 31))
    with pytest.raises(rules.NoRules):
        rules.rules_for("DK", "person", datetime.date(2026, 1, 1))


def test_late_interest_is_the_reference_rate_plus_the_margin_or_a_fixed_rate():
    assert rules.late_interest_rate("FI", "person", datetime.date(2025, 3, 1)) == D("10.15")
    assert rules.late_interest_rate("FI", "company", datetime.date(2026, 3, 1)) == D("10.15")
    assert rules.late_interest_rate("SE", "person", datetime.date(2026, 3, 1)) == D("9.75")
    assert rules.late_interest_rate("NO", "person", datetime.date(2026, 3, 1)) == D("12.5")
    with pytest.raises(rules.NoRules):
        rules.late_interest_rate("FI", "person", datetime.date(2024, 6, 1))


def test_the_next_step_never_crosses_the_overall_cap():
    def cost(step, capital, so_far):
        return rules.max_step_cost(
            step,
            country="FI",
            debtor_kind="person",
            capital=D(capital),
            costs_so_far=D(so_far),
            on=datetime.date(2026, 1, 1),
        )

    assert cost("collection", "40.00", "5.00") == D("14.00")
    assert cost("collection", "40.00", "55.00") == D("5.00")
    assert cost("collection", "40.00", "70.00") == D("0.00")
    assert cost("reminder", "500.00", "0.00") == D("5.00")
    assert cost("plan", "500.00", "100.00") == D("50.00")
    with pytest.raises(ValueError):
        cost("court", "500.00", "0")
