"""Build the whole demo data set as plain specs: deterministic for a given sandbox ``today``.

Nothing here touches the database; ``sandbox.engine.seed.writer`` stores the specs.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sandbox.engine.identities import bank_account, company_identity, person_identity
from sandbox.engine.money import currency_for, money
from sandbox.engine.references import make_reference
from sandbox.engine.seed.catalog import (
    ADDRESSES,
    CREDITORS,
    DEBTORS,
    PRICE_SCALE,
    SEED,
    VAT,
    CreditorDef,
    DebtorDef,
)
from sandbox.engine.seed.timeline import EventSpec, LetterSpec, Timeline

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://sandbox.myropo.invalid/")
FIRST_JOBID = 1_000_001
LADDER = ("invoice", "reminder", "collection", "legal")

# How the 200 cases spread over stages and outcomes (scaled if the cast changes).
SCENARIO_WEIGHTS: dict[str, int] = {
    "invoice_open": 30,
    "invoice_postponed": 6,
    "reminder_open": 30,
    "collection_open": 32,
    "legal_open": 14,
    "plan_open": 16,
    "plan_completed": 6,
    "paid_invoice": 20,
    "paid_reminder": 14,
    "paid_collection": 12,
    "paid_legal": 4,
    "cancelled_invoice": 10,
    "cancelled_reminder": 6,
}


def rng_for(*parts: object) -> random.Random:
    """A random generator seeded by a stable key (str seeds hash with SHA-512: reproducible)."""
    return random.Random(":".join([SEED, *map(str, parts)]))


def stable_uuid(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join([SEED, *map(str, parts)]))


def stable_secret(*parts: object) -> str:
    return hashlib.sha256(":".join([SEED, *map(str, parts)]).encode()).hexdigest()[:32]


# -- creditors and debtors ---------------------------------------------------------------------


@dataclass(frozen=True)
class CreditorSpec:
    definition: CreditorDef
    business_id: str
    cid: str
    apicode: str
    maventa_company_uuid: uuid.UUID
    maventa_api_key: str
    maventa_vendor_key: str
    iban: str
    bic: str
    agreement_contact_email: str

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def currency(self) -> str:
        return currency_for(self.definition.country)


@dataclass(frozen=True)
class DebtorSpec:
    definition: DebtorDef
    identity_code: str
    address: str
    postcode: str
    city: str
    email: str

    @property
    def key(self) -> str:
        return self.definition.key


def build_creditor(definition: CreditorDef) -> CreditorSpec:
    rng = rng_for("creditor", definition.key)
    business_id = company_identity(definition.country, rng)
    iban, bic = bank_account(definition.country, rng, bank_index=definition.bank_index)
    slug = definition.key.split("-", 1)[1]
    return CreditorSpec(
        definition=definition,
        business_id=business_id,
        cid=f"demo-{definition.key}",
        apicode=stable_secret("apicode", definition.key),
        maventa_company_uuid=stable_uuid("maventa-company", definition.key),
        maventa_api_key=str(stable_uuid("maventa-api-key", definition.key)),
        maventa_vendor_key=str(stable_uuid("maventa-vendor-key", definition.key)),
        iban=iban,
        bic=bic,
        agreement_contact_email=f"finance@{slug}.example.com",
    )


def _ascii(text: str) -> str:
    table = str.maketrans({"ä": "a", "ö": "o", "å": "a", "ø": "o", "æ": "ae", "é": "e"})
    return text.lower().translate(table)


def _email(definition: DebtorDef) -> str:
    if definition.email:
        return definition.email
    if definition.kind == "company":
        return f"billing@{definition.key}.example.com"
    return _ascii(definition.name).replace(" ", ".") + "@example.com"


def build_debtor(definition: DebtorDef) -> DebtorSpec:
    rng = rng_for("debtor", definition.key)
    if definition.kind == "company":
        identity = company_identity(definition.country, rng)
    else:
        identity = person_identity(definition.country, rng, born=definition.born)
    street, postcode, city = rng.choice(ADDRESSES[definition.country])
    number = rng.randint(1, 120)
    address = (
        f"{street} {number}"
        if definition.kind == "company"
        else f"{street} {number} A {rng.randint(1, 40)}"
    )
    return DebtorSpec(definition, identity, address, postcode, city, _email(definition))


# -- cases -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowSpec:
    desc: str
    count: Decimal
    amount: Decimal
    taxpr: Decimal

    @property
    def total(self) -> Decimal:
        return money(self.count * self.amount * (Decimal(100) + self.taxpr) / Decimal(100))


@dataclass
class CaseSpec:
    sort_key: tuple
    creditor_key: str
    debtor_key: str
    scenario: str
    channel: str
    jobtype: int
    collection_type: str
    receivables_type: str
    billdate: date
    paydate: date
    description: str
    rows: list[RowSpec]
    timeline: Timeline
    jobid: str = ""
    billnum: str = ""
    billcode: str = ""
    maventa_invoice_id: uuid.UUID | None = None
    maventa_assignment_id: uuid.UUID | None = None

    @property
    def events(self) -> list[EventSpec]:
        return self.timeline.events

    @property
    def letters(self) -> list[LetterSpec]:
        return self.timeline.letters


def scenario_sequence(total: int) -> list[str]:
    """Spread the scenarios evenly (stride scheduling): every stretch of ~50 holds every kind."""
    weight_sum = sum(SCENARIO_WEIGHTS.values())
    taken = dict.fromkeys(SCENARIO_WEIGHTS, 0)
    sequence = []
    for i in range(total):
        kind = max(
            SCENARIO_WEIGHTS, key=lambda k: SCENARIO_WEIGHTS[k] * (i + 1) / weight_sum - taken[k]
        )
        taken[kind] += 1
        sequence.append(kind)
    return sequence


@dataclass(frozen=True)
class Plan:
    """What happens to one case, in days after its bill date (resolved to dates later)."""

    scenario: str
    start: str
    final: str
    outcome: str
    due: int
    days: dict[str, int]


_OUTCOMES = {
    "invoice_open": ("invoice", "open"),
    "invoice_postponed": ("invoice", "postponed"),
    "reminder_open": ("reminder", "open"),
    "collection_open": ("collection", "open"),
    "legal_open": ("legal", "open"),
    "plan_open": ("", "plan"),
    "plan_completed": ("", "plan_done"),
    "paid_invoice": ("invoice", "paid"),
    "paid_reminder": ("reminder", "paid"),
    "paid_collection": ("collection", "paid"),
    "paid_legal": ("legal", "paid"),
    "cancelled_invoice": ("invoice", "cancelled"),
    "cancelled_reminder": ("reminder", "cancelled"),
}


def _start_stage(final: str, rng: random.Random) -> str:
    options = [
        s for s in ("invoice", "reminder", "collection") if LADDER.index(s) <= LADDER.index(final)
    ]
    weights = {"invoice": 5, "reminder": 4, "collection": 2}
    return rng.choices(options, weights=[weights[s] for s in options])[0]


def _milestones(rng: random.Random, due: int, *, maventa: bool, company: bool) -> dict[str, int]:
    # Maventa accepts a transfer 7 (B2B) or 14 (B2C) days after the due date.
    first_reminder = due + (rng.randint(7, 12) if company or not maventa else rng.randint(14, 20))
    collection = first_reminder + 14 + rng.randint(5, 15)
    return {
        "invoice": 0,
        "reminder": first_reminder,
        "collection": collection,
        "legal": collection + rng.randint(45, 90),
    }


def make_plan(
    scenario: str, rng: random.Random, *, maventa_possible: bool, company: bool
) -> tuple[Plan, bool]:
    final, outcome = _OUTCOMES[scenario]
    if not final:
        final = rng.choice(("reminder", "collection"))
    start = _start_stage(final, rng)
    maventa = maventa_possible and start != "invoice" and rng.random() < 0.6
    due = rng.choice((14, 14, 21, 30)) if not company else rng.choice((14, 30))
    days = _milestones(rng, due, maventa=maventa, company=company)
    return Plan(scenario, start, final, outcome, due, days), maventa


# -- playing a plan ----------------------------------------------------------------------------


def _outcome_days(plan: Plan, rng: random.Random) -> tuple[dict[str, object], int]:
    """Choose the days of the outcome steps and the number of days from bill date to today."""
    days = plan.days
    last = days[plan.final]
    following = {
        "invoice": days["reminder"],
        "reminder": days["collection"],
        "collection": days["legal"],
    }
    out: dict[str, object] = {}
    if plan.outcome == "open":
        upper = following.get(plan.final, last + 121) - 1
        if plan.final == "collection" and rng.random() < 0.35:
            out["part_payment"] = last + rng.randint(5, 30)
            return out, rng.randint(int(out["part_payment"]) + 1, upper)
        return out, rng.randint(last if plan.final == "invoice" else last + 1, upper)
    if plan.outcome == "postponed":
        postponed = rng.randint(max(1, plan.due - 7), plan.due)
        new_due = plan.due + rng.choice((14, 21, 30))
        out.update(postponed=postponed, new_due=new_due)
        return out, rng.randint(postponed, new_due + 6)
    if plan.outcome == "paid":
        windows = {
            "invoice": (max(1, plan.due - 10), min(plan.due + 5, days["reminder"] - 1)),
            "reminder": (last + 3, last + 14),
            "collection": (last + 5, last + 40),
            "legal": (last + 10, last + 60),
        }
        out["paid_on"] = rng.randint(*windows[plan.final])
        return out, int(out["paid_on"]) + rng.randint(1, 200)
    if plan.outcome == "cancelled":
        low, high = (2, plan.due + 5) if plan.final == "invoice" else (last + 2, last + 10)
        out["cancelled_on"] = rng.randint(low, high)
        return out, int(out["cancelled_on"]) + rng.randint(1, 200)
    # Payment plans: agreed after the last stage reached; "plan_done" pays every instalment.
    agreed = last + rng.randint(5, 12)
    count = rng.randint(2, 4) if plan.outcome == "plan_done" else rng.randint(3, 8)
    paid_count = count if plan.outcome == "plan_done" else rng.randint(0, count - 1)
    out.update(plan_agreed=agreed, instalments=count, instalments_paid=paid_count)
    first_due = agreed + 14
    if plan.outcome == "plan_done":
        return out, first_due + 30 * (count - 1) + rng.randint(1, 150)
    previous = agreed if paid_count == 0 else first_due + 30 * (paid_count - 1)
    return out, rng.randint(previous + 1, first_due + 30 * paid_count - 1)


def _play_stages(
    plan: Plan, timeline: Timeline, day: Callable[[int], date], *, jobtype: int, channel: str
) -> None:
    days = plan.days
    timeline.create(day(days[plan.start]), jobtype=jobtype, channel=channel)
    for stage in LADDER[LADDER.index(plan.start) : LADDER.index(plan.final) + 1]:
        on = day(days[stage])
        if stage == "invoice":
            timeline.send_invoice(on)
        elif stage == "reminder":
            timeline.remind(on)
        elif stage == "collection":
            timeline.collect(on, notice=day(days["reminder"]))
        else:
            timeline.go_legal(on)


def _play_outcome(
    plan: Plan, timeline: Timeline, day: Callable[[int], date], out: dict, rng: random.Random
) -> None:
    if plan.outcome == "postponed":
        timeline.postpone(day(out["postponed"]), day(out["new_due"]))
    elif plan.outcome == "paid":
        source = rng.choice(("bank_transfer", "myropo", "direct_to_creditor"))
        timeline.pay_in_full(day(out["paid_on"]), source=source)
    elif plan.outcome == "cancelled":
        timeline.cancel(
            day(out["cancelled_on"]), creditnotebillnum=f"CN-{rng.randint(10000, 99999)}"
        )
    elif plan.outcome in ("plan", "plan_done"):
        schedule = timeline.agree_plan(day(out["plan_agreed"]), out["instalments"])
        for number, (due, amount) in enumerate(schedule[: out["instalments_paid"]], start=1):
            timeline.pay(
                due - timedelta(days=rng.randint(0, 2)), amount, source="myropo", instalment=number
            )
        if plan.outcome == "plan_done":
            timeline.close(schedule[-1][0], "paid")
    elif "part_payment" in out:
        share = Decimal(rng.randint(20, 50)) / Decimal(100)
        timeline.pay(
            day(out["part_payment"]), money(timeline.open_amount * share), source="bank_transfer"
        )


# -- invoice rows ------------------------------------------------------------------------------


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


# -- assembling --------------------------------------------------------------------------------


def _receivables_type(creditor: CreditorSpec, company: bool) -> str:
    base = "b2b" if company else "b2c"
    return f"{base}_rental" if creditor.definition.industry == "housing" else base


def _jobtype(start: str, rng: random.Random) -> int:
    return {"invoice": rng.choice((300, 300, 0)), "reminder": 1, "collection": 2}[start]


def _pick_creditor(scenario: str, options: list[CreditorSpec], rng: random.Random) -> CreditorSpec:
    if "legal" in scenario:
        return next(c for c in options if c.definition.allows_legal_collection)
    return rng.choice(options)


def build_case(
    debtor: DebtorSpec, number: int, scenario: str, creditors: list[CreditorSpec], today: date
) -> CaseSpec:
    rng = rng_for("case", debtor.key, number)
    company = debtor.definition.kind == "company"
    options = [c for c in creditors if c.definition.country == debtor.definition.country]
    creditor = _pick_creditor(scenario, options, rng)
    maventa_possible = creditor.definition.receivables_service == "active"
    plan, maventa = make_plan(scenario, rng, maventa_possible=maventa_possible, company=company)
    out, days_to_today = _outcome_days(plan, rng)
    billdate = today - timedelta(days=days_to_today)
    rows = invoice_rows(
        creditor.definition.industry, creditor.definition.country, rng, company=company
    )
    capital = sum((row.total for row in rows), Decimal(0))
    timeline = Timeline(
        country=creditor.definition.country,
        capital=capital,
        due=billdate + timedelta(days=plan.due),
    )
    jobtype = _jobtype(plan.start, rng)
    channel = "maventa" if maventa else "ropo_one"

    def day(offset: int) -> date:
        return billdate + timedelta(days=offset)

    _play_stages(plan, timeline, day, jobtype=jobtype, channel=channel)
    _play_outcome(plan, timeline, day, out, rng)
    if timeline.status == "open":
        timeline.accrue(today)
    return CaseSpec(
        sort_key=(day(plan.days[plan.start]), debtor.key, number),
        creditor_key=creditor.key,
        debtor_key=debtor.key,
        scenario=scenario,
        channel=channel,
        jobtype=jobtype,
        collection_type="collection" if plan.start == "collection" else "reminder_and_collection",
        receivables_type=_receivables_type(creditor, company),
        billdate=billdate,
        paydate=timeline.due,
        description=describe(creditor.definition.industry, billdate, rng),
        rows=rows,
        timeline=timeline,
    )


def _number_cases(cases: list[CaseSpec], creditors: dict[str, CreditorSpec]) -> None:
    """Job ids follow the posting date; invoice numbers and references run per creditor."""
    cases.sort(key=lambda c: c.sort_key)
    counters = dict.fromkeys(creditors, 0)
    for index, case in enumerate(cases):
        creditor = creditors[case.creditor_key]
        counters[case.creditor_key] += 1
        case.jobid = str(FIRST_JOBID + index)
        case.billnum = f"{creditor.definition.number_prefix}{counters[case.creditor_key]:05d}"
        case.billcode = make_reference(creditor.definition.country, case.billnum)
        if case.channel == "maventa":
            case.maventa_invoice_id = stable_uuid("maventa-invoice", case.jobid)
            case.maventa_assignment_id = stable_uuid("maventa-assignment", case.jobid)


def build_cases(
    today: date, creditors: list[CreditorSpec], debtors: list[DebtorSpec]
) -> list[CaseSpec]:
    sequence = scenario_sequence(sum(d.definition.cases for d in debtors))
    cases: list[CaseSpec] = []
    position = 0
    for country in ("FI", "SE", "NO"):
        slots = [
            (d, n)
            for d in debtors
            if d.definition.country == country
            for n in range(d.definition.cases)
        ]
        chunk = sequence[position : position + len(slots)]
        position += len(slots)
        rng_for("shuffle", country).shuffle(chunk)
        cases.extend(
            build_case(d, n, s, creditors, today) for (d, n), s in zip(slots, chunk, strict=True)
        )
    _number_cases(cases, {c.key: c for c in creditors})
    return cases


@dataclass(frozen=True)
class Dataset:
    today: date
    creditors: list[CreditorSpec]
    debtors: list[DebtorSpec]
    cases: list[CaseSpec]

    def debtor(self, key: str) -> DebtorSpec:
        return next(d for d in self.debtors if d.key == key)


def build_dataset(
    today: date,
    *,
    creditor_defs: Iterable[CreditorDef] = CREDITORS,
    debtor_defs: Iterable[DebtorDef] = DEBTORS,
) -> Dataset:
    creditors = [build_creditor(d) for d in creditor_defs]
    debtors = [build_debtor(d) for d in debtor_defs]
    return Dataset(today, creditors, debtors, build_cases(today, creditors, debtors))
