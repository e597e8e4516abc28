"""Store the demo data set. Idempotent: whatever already exists (by natural key) is left alone.

* creditors by ``key``, debtors by ``(country, identity_code)``, cases by ``jobid``;
* a case that exists keeps its rows, events and letters (and its place in the event feed);
* ``reset=True`` wipes the engine's tables and the clock first.

Seeded job ids run from 1000001; jobs created later through the APIs must use another range.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction

from sandbox.engine.clock import at_local, sandbox_today
from sandbox.engine.models import (
    ApiToken,
    Case,
    CaseEvent,
    CaseRow,
    Clock,
    Creditor,
    Debtor,
    FaultSettings,
    FeedDelivery,
    IdempotencyRecord,
    Letter,
    MaventaInvoice,
    TransferStatus,
)
from sandbox.engine.seed.dataset import CaseSpec, CreditorSpec, Dataset, DebtorSpec, build_dataset
from sandbox.engine.seed.maventa import ensure_maventa_invoices


@dataclass
class SeedReport:
    today: date
    created: Counter = field(default_factory=Counter)
    totals: dict[str, int] = field(default_factory=dict)
    stages: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    countries: Counter = field(default_factory=Counter)


def wipe() -> None:
    """Delete every row of the case engine (children first: cases protect their parties)."""
    for model in (
        FeedDelivery,
        IdempotencyRecord,
        ApiToken,
        FaultSettings,
        MaventaInvoice,
        Letter,
        CaseEvent,
        CaseRow,
        Case,
        Debtor,
        Creditor,
        Clock,
    ):
        model.objects.all().delete()


def _ensure_creditor(spec: CreditorSpec) -> tuple[Creditor, bool]:
    d = spec.definition
    return Creditor.objects.get_or_create(
        key=d.key,
        defaults={
            "name": d.name,
            "industry": d.industry,
            "country": d.country,
            "currency": spec.currency,
            "business_id": spec.business_id,
            "cid": spec.cid,
            "apicode": spec.apicode,
            "maventa_company_uuid": spec.maventa_company_uuid,
            "maventa_api_key": spec.maventa_api_key,
            "maventa_vendor_key": spec.maventa_vendor_key,
            "receivables_service": d.receivables_service,
            "agreement_contact_email": spec.agreement_contact_email
            if d.receivables_service != "inactive"
            else "",
            "iban": spec.iban,
            "bic": spec.bic,
            "allows_legal_collection": d.allows_legal_collection,
        },
    )


def _ensure_debtor(spec: DebtorSpec) -> tuple[Debtor, bool]:
    d = spec.definition
    return Debtor.objects.get_or_create(
        country=d.country,
        identity_code=spec.identity_code,
        defaults={
            "kind": d.kind,
            "name": d.name,
            "address": spec.address,
            "postcode": spec.postcode,
            "city": spec.city,
            "email": spec.email,
            "language": d.language,
        },
    )


def _link_representatives(dataset: Dataset, debtors: dict[str, Debtor]) -> None:
    for spec in dataset.debtors:
        if spec.definition.representatives:
            people = [debtors[key] for key in spec.definition.representatives]
            debtors[spec.key].representatives.add(*people)


def _event_times(spec: CaseSpec, today: date) -> list[datetime]:
    """Office hours in the past; just after midnight today, so nothing lies in the future."""
    return [
        at_local(e.on, (9 * 60 if e.on < today else 0) + sequence)
        for sequence, e in enumerate(spec.events)
    ]


def _case(spec: CaseSpec, creditor: Creditor, debtor: Debtor, today: date) -> Case:
    t = spec.timeline
    return Case(
        jobid=spec.jobid,
        creditor=creditor,
        debtor=debtor,
        channel=spec.channel,
        jobtype=spec.jobtype,
        billnum=spec.billnum,
        billcode=spec.billcode,
        currency=creditor.currency,
        capital=t.capital,
        fees=t.fees,
        interest=t.interest,
        paid=t.paid,
        stage=t.stage,
        status=t.status,
        collection_status=t.collection_status,
        billdate=spec.billdate,
        paydate=spec.paydate,
        noticedate=t.noticedate,
        description=spec.description,
        receivables_type=spec.receivables_type,
        collection_type=spec.collection_type,
        maventa_invoice_id=spec.maventa_invoice_id,
        maventa_assignment_id=spec.maventa_assignment_id,
        maventa_transfer_status=TransferStatus.SENT if spec.maventa_assignment_id else "",
        version=len(spec.events),
        changed_at=_event_times(spec, today)[-1],
        stage_since=t.stage_since,
        accrued_to=t.accrued_to,
        created=at_local(spec.events[0].on),
    )


def _children(specs: list[CaseSpec], cases: dict[str, Case], today: date) -> None:
    rows, letters, events = [], [], []
    for spec in specs:
        case = cases[spec.jobid]
        language = case.debtor.language
        rows += [
            CaseRow(
                case=case, position=i, desc=r.desc, count=r.count, amount=r.amount, taxpr=r.taxpr
            )
            for i, r in enumerate(spec.rows, start=1)
        ]
        letters += [
            Letter(
                case=case,
                kind=x.kind,
                sent_on=x.sent_on,
                language=language,
                due_date=x.due_date,
                amount_due=x.amount_due,
                capital=x.capital,
                fees=x.fees,
                interest=x.interest,
                paid=x.paid,
            )
            for x in spec.letters
        ]
        events += [
            CaseEvent(case=case, kind=e.kind, amount=e.amount, occurred_at=when, data=e.data)
            for e, when in zip(spec.events, _event_times(spec, today), strict=True)
        ]
    CaseRow.objects.bulk_create(rows)
    Letter.objects.bulk_create(letters)
    # Ids are the feed cursor: insert in time order so they read as a history.
    events.sort(key=lambda ev: (ev.occurred_at, ev.case.jobid))
    CaseEvent.objects.bulk_create(events)


def _ensure_cases(
    dataset: Dataset, creditors: dict[str, Creditor], debtors: dict[str, Debtor]
) -> int:
    existing = set(Case.objects.values_list("jobid", flat=True))
    missing = [spec for spec in dataset.cases if spec.jobid not in existing]
    new_cases = [
        _case(s, creditors[s.creditor_key], debtors[s.debtor_key], dataset.today) for s in missing
    ]
    Case.objects.bulk_create(new_cases)
    by_jobid = {
        c.jobid: c
        for c in Case.objects.filter(jobid__in=[s.jobid for s in missing]).select_related("debtor")
    }
    _children(missing, by_jobid, dataset.today)
    return len(missing)


def _report(today: date, report: SeedReport) -> SeedReport:
    report.totals = {
        "creditors": Creditor.objects.count(),
        "debtors": Debtor.objects.count(),
        "cases": Case.objects.count(),
        "events": CaseEvent.objects.count(),
        "letters": Letter.objects.count(),
        "maventa invoices": MaventaInvoice.objects.count(),
    }
    for stage, status, country in Case.objects.values_list("stage", "status", "creditor__country"):
        report.stages[stage] += 1
        report.statuses[status] += 1
        report.countries[country] += 1
    return report


@transaction.atomic
def seed(*, reset: bool = False, today: date | None = None) -> SeedReport:
    """Create whatever part of the demo data is missing; with ``reset`` start from nothing."""
    if reset:
        wipe()
    Clock.current()
    today = today or sandbox_today()
    dataset = build_dataset(today)
    report = SeedReport(today=today)
    creditors: dict[str, Creditor] = {}
    for spec in dataset.creditors:
        creditors[spec.key], created = _ensure_creditor(spec)
        report.created["creditors"] += created
    debtors: dict[str, Debtor] = {}
    for spec in dataset.debtors:
        debtors[spec.key], created = _ensure_debtor(spec)
        report.created["debtors"] += created
    _link_representatives(dataset, debtors)
    report.created["cases"] = _ensure_cases(dataset, creditors, debtors)
    report.created["maventa_invoices"] = ensure_maventa_invoices(dataset, creditors)
    return _report(today, report)
