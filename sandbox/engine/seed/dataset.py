"""Build the whole demo data set as plain specs: deterministic for a given sandbox ``today``.

Nothing here touches the database; ``sandbox.engine.seed.writer`` stores the specs. The parts:
``parties`` (creditors, debtors), ``plans`` (what happens to each case), ``rows`` (what was
billed), ``randomness`` (stable per-key random numbers).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sandbox.engine.references import make_reference
from sandbox.engine.seed.catalog import CREDITORS, DEBTORS, CreditorDef, DebtorDef
from sandbox.engine.seed.parties import CreditorSpec, DebtorSpec, build_creditor, build_debtor
from sandbox.engine.seed.plans import (
    SCENARIO_WEIGHTS,
    make_plan,
    outcome_days,
    play_outcome,
    play_stages,
    scenario_sequence,
)
from sandbox.engine.seed.randomness import rng_for, stable_uuid
from sandbox.engine.seed.rows import RowSpec, describe, invoice_rows
from sandbox.engine.timeline import EventSpec, LetterSpec, Timeline

FIRST_JOBID = 1_000_001

__all__ = [
    "SCENARIO_WEIGHTS",
    "CaseSpec",
    "CreditorSpec",
    "Dataset",
    "DebtorSpec",
    "RowSpec",
    "build_dataset",
    "invoice_rows",
    "rng_for",
    "stable_uuid",
]


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


def _receivables_type(creditor: CreditorSpec, company: bool) -> str:
    base = "b2b" if company else "b2c"
    return f"{base}_rental" if creditor.definition.industry == "housing" else base


def _jobtype(start: str, final: str, rng: random.Random) -> int:
    """Invoices are often print-service jobs (300), but only those that Ropo never reminds or
    collects: one that goes further is an ordinary invoice (0). The dice roll either way, so
    the rest of the seed stays as it was."""
    jobtype = {"invoice": rng.choice((300, 300, 0)), "reminder": 1, "collection": 2}[start]
    return 0 if jobtype == 300 and final != "invoice" else jobtype


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
    out, days_to_today = outcome_days(plan, rng)
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
    jobtype = _jobtype(plan.start, plan.final, rng)
    channel = "maventa" if maventa else "ropo_one"

    def day(offset: int) -> date:
        return billdate + timedelta(days=offset)

    play_stages(plan, timeline, day, jobtype=jobtype, channel=channel)
    play_outcome(plan, timeline, day, out, rng)
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
