"""The sandbox's fee table and the portal's rules table, each against the statutes' figures.

The sandbox keeps its own table (it plays an outside system: a figure both sides shared would
be charged wrong by both and no integration test could see it). Both are checked here against
the figures of the statutes, written out once with their sources. Consumer caps in force on
2026-01-01; see docs/rules.md.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from invoices.rules import PERSON, rules_for
from sandbox.engine import fees

DAY = datetime.date(2026, 1, 1)
BIG = Decimal("100000.00")
# Capitals that land in every tier of every table (FI tiers end at 50 and 200 €).
CAPITALS = [Decimal(c) for c in ("0.01", "50.00", "50.01", "200.00", "200.01", "5000.00")]


def _tiered(capital: Decimal, *tiers: tuple[str | None, str]) -> Decimal:
    for cap, fee in tiers:
        if cap is None or capital <= Decimal(cap):
            return Decimal(fee)
    raise AssertionError("the last tier is open")


# country -> (the act every figure comes from, reminder, collection(capital), plan(capital)).
STATUTE = {
    "FI": (
        # Laki saatavien perinnästä 513/1999 as amended by 32/2023, § 10 e.
        "513/1999",
        Decimal("5.00"),
        lambda c: _tiered(c, ("50.00", "14.00"), ("200.00", "24.00"), (None, "50.00")),
        lambda c: _tiered(c, ("50.00", "20.00"), ("200.00", "30.00"), (None, "50.00")),
    ),
    "SE": (
        # Förordning (1981:1057) om ersättning för inkassokostnader m.m. §§ 2-5.
        "1981:1057",
        Decimal("60.00"),
        lambda c: Decimal("180.00"),
        lambda c: Decimal("170.00"),
    ),
    "NO": (
        # Inkassoforskriften §§ 1-1, 1-2: fractions of the inkassosats (700 NOK in 2025):
        # purregebyr 35, inkassovarsel 35 + betalingsoppfordring 105 for the smallest claims.
        "Inkassoforskriften",
        Decimal("35.00"),
        lambda c: Decimal("140.00"),
        lambda c: Decimal("105.00"),
    ),
}


def _sandbox(country: str, step: str, capital: Decimal) -> Decimal:
    return sum((fee for _, fee in fees.step_fees(country, step, capital)), Decimal(0))


@pytest.mark.parametrize("country", sorted(STATUTE))
def test_the_sandbox_charges_the_statutory_figures(country):
    _, reminder, collection, plan = STATUTE[country]
    for capital in CAPITALS:
        assert _sandbox(country, "reminder", capital) == reminder
        assert _sandbox(country, "collection", capital) == collection(capital), capital
        assert _sandbox(country, "plan", capital) == plan(capital), capital


@pytest.mark.parametrize("country", sorted(STATUTE))
def test_the_portal_rules_hold_the_statutory_figures(country):
    _, reminder, collection, plan = STATUTE[country]
    rules = rules_for(country, PERSON, DAY)
    for capital in CAPITALS:
        assert rules.reminder_fee == reminder
        assert rules.collection_cost(capital) == collection(capital), capital
        assert rules.plan_cost(capital, notices=0) == plan(capital), capital


@pytest.mark.parametrize("country", sorted(STATUTE))
def test_both_tables_name_the_statute_they_take_their_figures_from(country):
    act = STATUTE[country][0]
    assert act in fees.SOURCES[country]
    assert act in rules_for(country, PERSON, DAY).source


def test_no_step_adds_more_than_its_cap():
    for country in STATUTE:
        for step in ("reminder", "collection", "plan"):
            assert _sandbox(country, step, BIG) <= fees.fee_cap(country, step)
