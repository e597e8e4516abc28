"""The one table of fees, penalty interest and stage timings the case engine charges.

Seed histories (``engine/timeline.py``) and the clock-driven lifecycle both read it, so seeded
and live cases cost the same. Amounts are in the country's currency. The sandbox applies the
consumer caps to every debtor (they are within the business limits too). Sources, as the
sandbox reads them (demo data, not legal advice). The sandbox never imports the portal: the
portal's rules table (``invoices/rules.py``) is a separate copy, and ``tests/sandbox/test_fees.py``
checks both against the statutes:

* FI: Laki saatavien perinnästä 513/1999 § 10 e (consumer caps of the 2023 reform): payment
  reminder at most 5 €; collection demand (maksuvaatimus) at most 14 € for a capital up to
  50 €, 24 € up to 200 €, 50 € above; payment plan 20 / 30 / 50 € by the same tiers. The
  legal step charges a demo court fee (tuomioistuinmaksulaki 1455/2015, summary civil case).
* SE: Förordning (1981:1057) om ersättning för inkassokostnader m.m.: påminnelseavgift 60 SEK,
  inkassokrav 180 SEK, amorteringsplan 170 SEK; Kronofogden's application fee for a
  betalningsföreläggande 300 SEK.
* NO: inkassoforskriften, fees as shares of the inkassosats: purregebyr
  35 NOK, inkassovarsel 35 NOK, betalingsoppfordring 105 NOK (the smallest claims' level);
  the legal step charges a demo amount close to one rettsgebyr.
* Penalty interest: each country's reference rate plus its statutory margin, rounded demo
  values (korkolaki 633/1982 § 4, räntelagen 1975:635 § 6, forsinkelsesrenteloven § 3).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

# Capital tiers: ((capital up to and including, fee), ..., (None, fee for anything larger)).
Tiers = tuple[tuple[Decimal | None, Decimal], ...]


def _flat(amount: str) -> Tiers:
    return ((None, Decimal(amount)),)


def _tiers(*pairs: tuple[str | None, str]) -> Tiers:
    return tuple((None if cap is None else Decimal(cap), Decimal(fee)) for cap, fee in pairs)


# The sandbox's own statutory figures (consumer caps in force on 2026-01-01), written out here
# rather than imported from the portal: the sandbox plays an outside system, so a wrong figure
# in the portal's table must not be charged by both sides unseen. ``tests/sandbox/test_fees.py``
# compares this table and the portal's (``invoices/rules.py``) with the statutes' figures.
SOURCES = {
    "FI": "Laki saatavien perinnästä 513/1999 (32/2023) § 10 e",
    "SE": "Förordning (1981:1057) om ersättning för inkassokostnader §§ 2-5",
    "NO": "Inkassoforskriften (FOR-2003-07-14-874) §§ 1-1, 1-2 (inkassosats 700 NOK, 2025)",
}
COURT_FEES = {
    "FI": (("court_fee", _flat("130.00")),),
    "SE": (("ansokningsavgift_kfm", _flat("300.00")),),
    "NO": (("rettsgebyr", _flat("1300.00")),),
}

# country -> step -> ((fee name, tiers), ...). A step may charge more than one fee.
FEE_TABLE: dict[str, dict[str, tuple[tuple[str, Tiers], ...]]] = {
    "FI": {
        "reminder": (("reminder_fee", _flat("5.00")),),
        "collection": (
            ("collection_demand", _tiers(("50.00", "14.00"), ("200.00", "24.00"), (None, "50.00"))),
        ),
        "plan": (
            ("payment_plan_fee", _tiers(("50.00", "20.00"), ("200.00", "30.00"), (None, "50.00"))),
        ),
        "legal": COURT_FEES["FI"],
    },
    "SE": {
        "reminder": (("paminnelseavgift", _flat("60.00")),),
        "collection": (("inkassokrav", _flat("180.00")),),
        "plan": (("amorteringsplan", _flat("170.00")),),
        "legal": COURT_FEES["SE"],
    },
    "NO": {
        "reminder": (("purregebyr", _flat("35.00")),),
        "collection": (
            ("inkassovarsel", _flat("35.00")),
            ("betalingsoppfordring", _flat("105.00")),
        ),
        "plan": (("betalingsavtale", _flat("105.00")),),
        "legal": COURT_FEES["NO"],
    },
}

PENALTY_INTEREST_PERCENT: dict[str, Decimal] = {
    "FI": Decimal("11.50"),
    "SE": Decimal("10.50"),
    "NO": Decimal("12.50"),
}

# Stage timings, in days, of the clock-driven lifecycle (and of the letters' payment terms).
REMINDER_AFTER_DUE_DAYS = 7  # a reminder goes out a week after the due date
REMINDER_DUE_DAYS = 14  # the reminder gives 14 days to pay
COLLECTION_AFTER_REMINDER_DAYS = REMINDER_DUE_DAYS + 3  # then collection, after 3 days' grace
COLLECTION_DUE_DAYS = 14
LEGAL_AFTER_COLLECTION_DAYS = 60  # only for creditors that allow legal collection
LEGAL_DUE_DAYS = 21
PLAN_FIRST_DUE_DAYS = 14
PLAN_INTERVAL_DAYS = 30
MAVENTA_MIN_DAYS_PAST_DUE = {"b2b": 7, "b2c": 14}  # by the receivables type's prefix


def _pick(tiers: Tiers, capital: Decimal) -> Decimal:
    for cap, fee in tiers:
        if cap is None or capital <= cap:
            return fee
    raise ValueError("a tier table must end with an open tier")


def step_fees(country: str, step: str, capital: Decimal) -> list[tuple[str, Decimal]]:
    """The fees ``step`` (reminder, collection, legal, plan) adds in ``country`` for ``capital``."""
    return [(name, _pick(tiers, capital)) for name, tiers in FEE_TABLE[country][step]]


def fee_cap(country: str, step: str) -> Decimal:
    """The most ``step`` can ever add in ``country`` (for checks and tests)."""
    return sum((max(fee for _, fee in tiers) for _, tiers in FEE_TABLE[country][step]), Decimal(0))


def earliest_transfer(due: date, receivables_type: str) -> date:
    """First day Maventa accepts a transfer: B2B 7 days, B2C 14 days after the due date."""
    return due + timedelta(days=MAVENTA_MIN_DAYS_PAST_DUE[receivables_type[:3]])
