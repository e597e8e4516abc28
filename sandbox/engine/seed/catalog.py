"""The fixed cast of the demo: creditors, people and companies, and what each creditor bills.

Names are fictional. Identity codes, business ids and bank accounts are not listed here: they
are generated from a per-entity seed (see ``sandbox.engine.seed.dataset``), valid per
python-stdnum and stable from run to run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

SEED = "myropo-sandbox-2025"

VAT: dict[str, Decimal] = {"FI": Decimal("25.5"), "SE": Decimal("25"), "NO": Decimal("25")}


@dataclass(frozen=True)
class CreditorDef:
    key: str
    name: str
    country: str
    industry: str
    allows_legal_collection: bool
    receivables_service: str
    number_prefix: str
    bank_index: int = 0


CREDITORS: tuple[CreditorDef, ...] = (
    CreditorDef(
        "fi-revontuli-energia", "Revontuli Energia Oy", "FI", "energy", True, "active", "41"
    ),
    CreditorDef(
        "fi-saimaa-telecom", "Saimaa Telecom Oy", "FI", "telecom", False, "inactive", "42", 1
    ),
    CreditorDef("se-nordhem-handel", "Nordhem Handel AB", "SE", "retail", True, "active", "51"),
    CreditorDef("se-vasa-bostader", "Vasa Bostäder AB", "SE", "housing", False, "pending", "52", 1),
    CreditorDef("no-fjellstrom-kraft", "Fjellstrøm Kraft AS", "NO", "energy", True, "active", "61"),
    CreditorDef(
        "no-nordlys-mobil", "Nordlys Mobil AS", "NO", "telecom", False, "inactive", "62", 1
    ),
)


@dataclass(frozen=True)
class DebtorDef:
    key: str
    name: str
    country: str
    language: str
    cases: int
    kind: str = "person"
    born: tuple[int, int] = (1950, 2003)
    representatives: tuple[str, ...] = field(default=())
    email: str = ""


def _person(
    key: str, name: str, country: str, language: str, cases: int, **kw: object
) -> DebtorDef:
    return DebtorDef(key, name, country, language, cases, **kw)  # type: ignore[arg-type]


def _company(
    key: str, name: str, country: str, language: str, cases: int, reps: tuple[str, ...]
) -> DebtorDef:
    return DebtorDef(key, name, country, language, cases, kind="company", representatives=reps)


# 30 debtors, 200 cases. Aino Virtanen (FI), Erik Andersson (SE) and Ole Hansen (NO) are the
# memorable demo logins; Aino has 25 cases for the long-list and performance pages.
DEBTORS: tuple[DebtorDef, ...] = (
    _person("aino-virtanen", "Aino Virtanen", "FI", "fi", 25, born=(1984, 1986)),
    _person("matti-korhonen", "Matti Korhonen", "FI", "fi", 6),
    _person("liisa-nieminen", "Liisa Nieminen", "FI", "fi", 5),
    _person("juha-makinen", "Juha Mäkinen", "FI", "fi", 5),
    _person("sanna-hamalainen", "Sanna Hämäläinen", "FI", "fi", 4),
    _person("karin-lindqvist", "Karin Lindqvist", "FI", "sv", 5),
    _person("oliver-smith", "Oliver Smith", "FI", "en", 4),
    _person("eero-laine", "Eero Laine", "FI", "fi", 5, born=(2000, 2003)),
    _company("virtanen-consulting", "Virtanen Consulting Oy", "FI", "fi", 12, ("aino-virtanen",)),
    _company(
        "pohjolan-puutyo", "Pohjolan Puutyö Oy", "FI", "fi", 5, ("matti-korhonen", "juha-makinen")
    ),
    _company("kahvila-aurinko", "Kahvila Aurinko Oy", "FI", "fi", 4, ("sanna-hamalainen",)),
    _company("nordic-bytes", "Nordic Bytes Oy", "FI", "en", 5, ("oliver-smith", "aino-virtanen")),
    _person("erik-andersson", "Erik Andersson", "SE", "sv", 15, born=(1975, 1977)),
    _person("anna-johansson", "Anna Johansson", "SE", "sv", 6),
    _person("lars-karlsson", "Lars Karlsson", "SE", "sv", 5),
    _person("maria-nilsson", "Maria Nilsson", "SE", "sv", 5),
    _person("sofia-eriksson", "Sofia Eriksson", "SE", "en", 4),
    _person("johan-larsson", "Johan Larsson", "SE", "sv", 5, born=(2000, 2003)),
    _company("andersson-bygg", "Andersson Bygg AB", "SE", "sv", 7, ("erik-andersson",)),
    _company(
        "nordsken-design", "Nordsken Design AB", "SE", "sv", 6, ("anna-johansson", "sofia-eriksson")
    ),
    _company("kaffekoppen-malmo", "Kaffekoppen i Malmö AB", "SE", "sv", 5, ("maria-nilsson",)),
    _person("ole-hansen", "Ole Hansen", "NO", "nb", 12, born=(1968, 1970)),
    _person("ingrid-johansen", "Ingrid Johansen", "NO", "nb", 6),
    _person("kari-olsen", "Kari Olsen", "NO", "nb", 5),
    _person("nora-berg", "Nora Berg", "NO", "nb", 5),
    _person("magnus-haugen", "Magnus Haugen", "NO", "en", 4),
    _person("sigrid-dahl", "Sigrid Dahl", "NO", "nb", 5, born=(2000, 2003)),
    _company("hansen-transport", "Hansen Transport AS", "NO", "nb", 8, ("ole-hansen",)),
    _company(
        "fjordlys-eiendom",
        "Fjordlys Eiendom AS",
        "NO",
        "nb",
        7,
        ("ingrid-johansen", "magnus-haugen"),
    ),
    _company("bergen-bakeri", "Bergen Bakeri AS", "NO", "nb", 5, ("kari-olsen",)),
)

# (street, postcode, city) per country.
ADDRESSES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "FI": (
        ("Mannerheimintie", "00100", "Helsinki"),
        ("Hämeenkatu", "33100", "Tampere"),
        ("Yliopistonkatu", "20100", "Turku"),
        ("Kirkkokatu", "90100", "Oulu"),
        ("Tapiontori", "02100", "Espoo"),
        ("Kauppakatu", "40100", "Jyväskylä"),
    ),
    "SE": (
        ("Drottninggatan", "111 51", "Stockholm"),
        ("Kungsportsavenyen", "411 36", "Göteborg"),
        ("Södergatan", "211 34", "Malmö"),
        ("Svartbäcksgatan", "753 20", "Uppsala"),
        ("Storgatan", "903 26", "Umeå"),
    ),
    "NO": (
        ("Karl Johans gate", "0154", "Oslo"),
        ("Torgallmenningen", "5014", "Bergen"),
        ("Munkegata", "7011", "Trondheim"),
        ("Kirkegata", "4006", "Stavanger"),
        ("Storgata", "9008", "Tromsø"),
    ),
}

# Fees and penalty interest: ``sandbox.engine.fees`` (one table for seed and lifecycle).
# How many units of the local currency one euro of demo price becomes.
PRICE_SCALE: dict[str, Decimal] = {"FI": Decimal("1"), "SE": Decimal("11"), "NO": Decimal("11")}
