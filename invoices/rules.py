"""The law's numbers: statutory fee caps, notice periods and late interest per country.

One table, ``RULES``, of ``Rules`` rows keyed by (country, debtor kind, effective date). Each row
names its source. ``rules_for(country, kind, on)`` picks the row in force on a day, so a change
in the law is a new row with its own date, never an edit of an old one (old cases keep their
old figures). The portal uses it to tell a debtor the most the next step of a case may add, and
to price postponements and payment plans. Figures are caps: a creditor may charge less, never
more. See ``docs/rules.md`` for where sources disagree and which figure was chosen.

Pure Python (no models), so any process can import it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

PERSON = "person"
COMPANY = "company"

# (capital up to and including, amount); the last tier has no upper bound (None).
Tiers = tuple[tuple[Decimal | None, Decimal], ...]


def _tiers(*pairs: tuple[str | None, str]) -> Tiers:
    return tuple((None if cap is None else Decimal(cap), Decimal(fee)) for cap, fee in pairs)


def _flat(amount: str) -> Tiers:
    return ((None, Decimal(amount)),)


def pick(tiers: Tiers, capital: Decimal) -> Decimal:
    """The tier's amount for ``capital``."""
    for cap, amount in tiers:
        if cap is None or capital <= cap:
            return amount
    raise ValueError("a tier table must end with an open tier")


@dataclass(frozen=True)
class Rules:
    """The statutory limits for one country and kind of debtor from ``effective_from`` on."""

    country: str
    debtor_kind: str
    effective_from: datetime.date
    currency: str
    source: str
    # The creditor's own reminder (before collection) and when the first may be sent.
    reminder_fee: Decimal
    first_reminder_after_days: int
    # What a collection agency may charge when the case moves to collection, by capital.
    collection_fee: Tiers
    # A payment plan: the fee by capital, a fee per instalment notice, how many plans may
    # be charged for one debt (None: no statutory limit).
    plan_fee: Tiers
    plan_fee_per_notice: Decimal
    chargeable_plans: int | None
    # All collection costs together may not exceed this, by capital (None: no overall cap).
    total_cost_cap: Tiers | None
    # Late interest: reference rate + margin, or a fixed rate set by the state (percent a year).
    late_interest_margin: Decimal | None = None
    late_interest_fixed: Decimal | None = None
    # Fixed compensation for recovery costs between businesses (late payment directive).
    standard_compensation: Decimal = Decimal("0.00")
    # A payment warning / second step before a payment demand (Norway's inkassovarsel).
    collection_warning_fee: Decimal = Decimal("0.00")

    def collection_cost(self, capital: Decimal) -> Decimal:
        return pick(self.collection_fee, capital) + self.collection_warning_fee

    def plan_cost(self, capital: Decimal, notices: int) -> Decimal:
        return pick(self.plan_fee, capital) + self.plan_fee_per_notice * notices

    def cost_cap(self, capital: Decimal) -> Decimal | None:
        return None if self.total_cost_cap is None else pick(self.total_cost_cap, capital)


RULES: tuple[Rules, ...] = (
    # Finland, consumers. Laki saatavien perinnästä 513/1999 as amended by 32/2023 (in force
    # 1.1.2023): reminder at most 5 € (§ 10 e), the first reminder no earlier than 14 days after
    # the due date (§ 4 a); payment demand 14 / 24 / 50 € for capital up to 50 / 200 / above;
    # payment plan 20 / 30 / 50 €, at most two chargeable plans; all collection costs together
    # at most 60 / 120 / 210 €. Late interest: korkolaki 633/1982 § 4, reference rate + 7.
    Rules(
        country="FI",
        debtor_kind=PERSON,
        effective_from=datetime.date(2023, 1, 1),
        currency="EUR",
        source="Laki saatavien perinnästä 513/1999 (32/2023) §§ 4 a, 10 e; korkolaki § 4",
        reminder_fee=Decimal("5.00"),
        first_reminder_after_days=14,
        collection_fee=_tiers(("50.00", "14.00"), ("200.00", "24.00"), (None, "50.00")),
        plan_fee=_tiers(("50.00", "20.00"), ("200.00", "30.00"), (None, "50.00")),
        plan_fee_per_notice=Decimal("0.00"),
        chargeable_plans=2,
        total_cost_cap=_tiers(("50.00", "60.00"), ("200.00", "120.00"), (None, "210.00")),
        late_interest_margin=Decimal("7.0"),
    ),
    # Finland, businesses. Laki saatavien perinnästä § 10 f (effective date: see docs/rules.md):
    # reminder at most 12 €; collection charges at most 50 / 70 / 90 / 110 € by capital up to
    # 250 / 1,000 / 10,000 / above; the creditor may also claim the 40 € standard compensation
    # of korkolaki § 10 a. Late interest: korkolaki § 4 a, reference rate + 8 between businesses.
    Rules(
        country="FI",
        debtor_kind=COMPANY,
        effective_from=datetime.date(2019, 3, 1),
        currency="EUR",
        source="Laki saatavien perinnästä § 10 f; korkolaki 633/1982 §§ 4 a, 10 a",
        reminder_fee=Decimal("12.00"),
        first_reminder_after_days=0,
        collection_fee=_tiers(
            ("250.00", "50.00"), ("1000.00", "70.00"), ("10000.00", "90.00"), (None, "110.00")
        ),
        plan_fee=_flat("0.00"),
        plan_fee_per_notice=Decimal("0.00"),
        chargeable_plans=None,
        total_cost_cap=None,
        late_interest_margin=Decimal("8.0"),
        standard_compensation=Decimal("40.00"),
    ),
    # Sweden, consumers and businesses. Förordning (1981:1057) om ersättning för
    # inkassokostnader m.m. §§ 2-5: påminnelseavgift 60 SEK, inkassokrav 180 SEK,
    # amorteringsplan 170 SEK plus 60 SEK aviseringsavgift per notice (figures from 2008).
    # Late interest: räntelagen 1975:635 § 6, referensränta + 8.
    *(
        Rules(
            country="SE",
            debtor_kind=kind,
            effective_from=datetime.date(2008, 1, 1),
            currency="SEK",
            source="Förordning (1981:1057) om ersättning för inkassokostnader §§ 2-5; "
            "räntelagen § 6",
            reminder_fee=Decimal("60.00"),
            first_reminder_after_days=0,
            collection_fee=_flat("180.00"),
            plan_fee=_flat("170.00"),
            plan_fee_per_notice=Decimal("60.00"),
            chargeable_plans=None,
            total_cost_cap=None,
            late_interest_margin=Decimal("8.0"),
            standard_compensation=Decimal("450.00") if kind == COMPANY else Decimal("0.00"),
        )
        for kind in (PERSON, COMPANY)
    ),
    # Norway, 2025 rates. Inkassoforskriften (FOR-2003-07-14-874) § 1-1 and § 1-2: inkassosats
    # 700 NOK (2025); purregebyr 35 NOK (1/20 of the sats), inkassovarsel 35 NOK, betalings-
    # oppfordring 105 NOK for the smallest claims. Forsinkelsesrente 12.5 % a year set by the
    # Ministry of Finance for 1.1.2025-30.6.2025 (forsinkelsesrenteloven § 3).
    *(
        Rules(
            country="NO",
            debtor_kind=kind,
            effective_from=datetime.date(2025, 1, 1),
            currency="NOK",
            source="Inkassoforskriften §§ 1-1, 1-2 (inkassosats 700 NOK, 2025); "
            "forsinkelsesrenteloven § 3",
            reminder_fee=Decimal("35.00"),
            first_reminder_after_days=14,
            collection_fee=_flat("105.00"),
            collection_warning_fee=Decimal("35.00"),
            plan_fee=_flat("105.00"),
            plan_fee_per_notice=Decimal("0.00"),
            chargeable_plans=1,
            total_cost_cap=None,
            late_interest_fixed=Decimal("12.5"),
        )
        for kind in (PERSON, COMPANY)
    ),
)

# Reference rates (percent a year) by country, in force from a day. Finland's and Sweden's
# change every half-year (Suomen Pankki / Riksbanken); add a row when a new one is published.
REFERENCE_RATES: dict[str, tuple[tuple[datetime.date, Decimal], ...]] = {
    "FI": (
        (datetime.date(2025, 1, 1), Decimal("3.15")),
        (datetime.date(2025, 7, 1), Decimal("2.15")),
        (datetime.date(2026, 1, 1), Decimal("2.15")),
    ),
    "SE": (
        (datetime.date(2025, 1, 1), Decimal("2.50")),
        (datetime.date(2025, 7, 1), Decimal("2.00")),
        (datetime.date(2026, 1, 1), Decimal("1.75")),
    ),
}


class NoRules(LookupError):
    """No rules are known for that country, kind of debtor and day."""


def rules_for(country: str, debtor_kind: str, on: datetime.date) -> Rules:
    """The row in force on ``on`` for ``country`` (FI, SE, NO) and ``debtor_kind``."""
    rows = [
        r
        for r in RULES
        if r.country == country and r.debtor_kind == debtor_kind and r.effective_from <= on
    ]
    if not rows:
        raise NoRules(f"no rules for {country}/{debtor_kind} on {on}")
    return max(rows, key=lambda r: r.effective_from)


def reference_rate(country: str, on: datetime.date) -> Decimal | None:
    rows = [rate for since, rate in REFERENCE_RATES.get(country, ()) if since <= on]
    return rows[-1] if rows else None


def late_interest_rate(country: str, debtor_kind: str, on: datetime.date) -> Decimal:
    """Statutory late interest in percent a year on ``on``."""
    rules = rules_for(country, debtor_kind, on)
    if rules.late_interest_fixed is not None:
        return rules.late_interest_fixed
    base = reference_rate(country, on)
    if base is None:
        raise NoRules(f"no reference rate for {country} on {on}")
    return base + rules.late_interest_margin


def max_step_cost(
    step: str,
    *,
    country: str,
    debtor_kind: str,
    capital: Decimal,
    costs_so_far: Decimal,
    on: datetime.date,
) -> Decimal:
    """The most ``step`` (reminder, collection, plan) may add, within any overall cap."""
    rules = rules_for(country, debtor_kind, on)
    if step == "reminder":
        cost = rules.reminder_fee
    elif step == "collection":
        cost = rules.collection_cost(capital) + rules.standard_compensation
    elif step == "plan":
        cost = pick(rules.plan_fee, capital)
    else:
        raise ValueError(f"unknown step {step!r}")
    cap = rules.cost_cap(capital)
    if cap is not None:
        cost = min(cost, max(Decimal("0.00"), cap - costs_so_far))
    return cost
