"""Invoice rows per industry, priced in the country's currency, and the invoice descriptions."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sandbox.engine.money import money
from sandbox.engine.seed.catalog import PRICE_SCALE, VAT


@dataclass(frozen=True)
class RowSpec:
    desc: str
    count: Decimal
    amount: Decimal
    taxpr: Decimal

    @property
    def total(self) -> Decimal:
        return money(self.count * self.amount * (Decimal(100) + self.taxpr) / Decimal(100))


def _price(country: str, euros: str) -> Decimal:
    return money(Decimal(euros) * PRICE_SCALE[country])


def _energy_rows(country: str, rng: random.Random) -> list[RowSpec]:
    vat = VAT[country]
    kwh = rng.randint(150, 1800)
    unit = money(Decimal(rng.choice(("0.08", "0.09", "0.11", "0.13"))) * PRICE_SCALE[country])
    return [
        RowSpec("Basic fee", Decimal(1), _price(country, "4.90"), vat),
        RowSpec(f"Electricity {kwh} kWh", Decimal(kwh), unit, vat),
        RowSpec("Network transmission", Decimal(1), _price(country, str(rng.randint(15, 60))), vat),
    ]


def _telecom_rows(country: str, rng: random.Random) -> list[RowSpec]:
    vat = VAT[country]
    rows = [
        RowSpec(
            "Mobile subscription",
            Decimal(1),
            _price(country, rng.choice(("19.90", "24.90", "34.90"))),
            vat,
        )
    ]
    if rng.random() < 0.4:
        rows.append(
            RowSpec("Extra data 10 GB", Decimal(rng.randint(1, 3)), _price(country, "4.90"), vat)
        )
    if rng.random() < 0.3:
        rows.append(
            RowSpec("Phone instalment", Decimal(1), _price(country, str(rng.randint(15, 45))), vat)
        )
    return rows


_RETAIL_ITEMS = (
    ("Sofa, three-seater", "549.00"),
    ("Floor lamp", "89.00"),
    ("Dining chair", "79.00"),
    ("Rug 200 x 300 cm", "199.00"),
    ("Bookshelf", "149.00"),
    ("Bed linen set", "39.90"),
)


def _retail_rows(country: str, rng: random.Random) -> list[RowSpec]:
    vat = VAT[country]
    items = rng.sample(_RETAIL_ITEMS, rng.randint(1, 3))
    rows = [
        RowSpec(name, Decimal(rng.randint(1, 4)), _price(country, price), vat)
        for name, price in items
    ]
    rows.append(RowSpec("Home delivery", Decimal(1), _price(country, "39.00"), vat))
    return rows


def _housing_rows(country: str, rng: random.Random, *, company: bool) -> list[RowSpec]:
    rent = _price(country, str(rng.randint(650, 1100) if not company else rng.randint(1200, 3500)))
    rows = [RowSpec("Office rent" if company else "Rent", Decimal(1), rent, Decimal(0))]
    if rng.random() < 0.5:
        rows.append(RowSpec("Parking space", Decimal(1), _price(country, "45.00"), VAT[country]))
    return rows


def invoice_rows(
    industry: str, country: str, rng: random.Random, *, company: bool
) -> list[RowSpec]:
    if industry == "energy":
        return _energy_rows(country, rng)
    if industry == "telecom":
        return _telecom_rows(country, rng)
    if industry == "housing":
        return _housing_rows(country, rng, company=company)
    return _retail_rows(country, rng)


def describe(industry: str, billdate: date, rng: random.Random) -> str:
    month = f"{billdate:%m/%Y}"
    return {
        "energy": f"Electricity {month}",
        "telecom": f"Mobile subscription {month}",
        "housing": f"Rent {month}",
    }.get(industry, f"Order {rng.randint(100000, 999999)}")
