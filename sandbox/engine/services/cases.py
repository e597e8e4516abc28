"""Creating cases and storing what a ``Timeline`` recorded for one.

A stored case is resumed into a ``Timeline`` (``timeline_of``), the next steps are played on it
and ``store`` writes back the new events and letters, the amounts and stage, and bumps the
case's ``version`` by the number of events.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from sandbox.engine.clock import sandbox_now, sandbox_today
from sandbox.engine.models import Case, CaseEvent, CaseRow, Creditor, JobType, Letter
from sandbox.engine.money import money
from sandbox.engine.references import make_reference
from sandbox.engine.services.errors import Conflict
from sandbox.engine.services.parties import Party, debtor_for
from sandbox.engine.timeline import LetterSpec, Timeline

API_FIRST_JOBID = 2_000_001  # seeded jobs run from 1000001
START_STEP = {
    JobType.INVOICE: "invoice",
    JobType.INVOICE_DISTRIBUTION: "invoice",
    JobType.REMINDER: "reminder",
    JobType.COLLECTION: "collection",
}


def timeline_of(case: Case) -> Timeline:
    """The case's current state as a ``Timeline`` with no steps recorded yet."""
    timeline = Timeline(country=case.creditor.country, capital=case.capital, due=case.paydate)
    timeline.fees, timeline.interest, timeline.paid = case.fees, case.interest, case.paid
    timeline.stage, timeline.status = case.stage, case.status
    timeline.jobtype = case.jobtype
    timeline.collection_status = case.collection_status
    timeline.noticedate = case.noticedate
    timeline.stage_since = case.stage_since
    timeline.accrued_to = case.accrued_to or case.paydate
    return timeline


def _copy_state(case: Case, timeline: Timeline) -> None:
    case.capital, case.fees = timeline.capital, timeline.fees
    case.interest, case.paid = timeline.interest, timeline.paid
    case.stage, case.status = timeline.stage, timeline.status
    case.collection_status = timeline.collection_status
    case.paydate = timeline.due
    case.noticedate = timeline.noticedate
    case.stage_since = timeline.stage_since
    case.accrued_to = timeline.accrued_to


def _letter(case: Case, spec: LetterSpec) -> Letter:
    return Letter(
        case=case,
        kind=spec.kind,
        sent_on=spec.sent_on,
        language=case.debtor.language,
        due_date=spec.due_date,
        amount_due=spec.amount_due,
        capital=spec.capital,
        fees=spec.fees,
        interest=spec.interest,
        paid=spec.paid,
    )


def store(
    case: Case, timeline: Timeline, *, when: Callable[[date, int], datetime] | None = None
) -> list[CaseEvent]:
    """Write the timeline's new events and letters and its state; ``when`` dates the events."""
    now = sandbox_now()
    stamp = when or (lambda on, index: now)
    events = [
        CaseEvent(case=case, kind=e.kind, amount=e.amount, occurred_at=stamp(e.on, i), data=e.data)
        for i, e in enumerate(timeline.events)
    ]
    letters = [_letter(case, spec) for spec in timeline.letters]
    _copy_state(case, timeline)
    if events:
        case.version += len(events)
        case.changed_at = max(e.occurred_at for e in events)
    case.save()
    CaseEvent.objects.bulk_create(events)
    Letter.objects.bulk_create(letters)
    timeline.events, timeline.letters = [], []
    return events


def next_jobid() -> str:
    """The next job id of the API range (callers hold the write lock: one transaction)."""
    last = Case.objects.filter(jobid__gte=str(API_FIRST_JOBID)).aggregate(m=Max("jobid"))["m"]
    return str(int(last) + 1 if last else API_FIRST_JOBID)


@dataclass(frozen=True)
class Row:
    """An invoice row: unit price ``amount`` excluding tax ``taxpr`` percent."""

    desc: str
    count: Decimal
    amount: Decimal
    taxpr: Decimal

    @property
    def total(self) -> Decimal:
        """The row's total including tax."""
        return money(self.count * self.amount * (Decimal(100) + self.taxpr) / Decimal(100))


@dataclass
class NewCase:
    """Everything a new case needs, whichever facade it came through."""

    creditor: Creditor
    party: Party
    jobtype: int
    billnum: str
    billcode: str
    billdate: date
    paydate: date
    capital: Decimal
    rows: list[Row]
    channel: str
    receivables_type: str
    collection_type: str
    description: str = ""
    noticedate: date | None = None
    maventa_invoice_id: uuid.UUID | None = None
    maventa_assignment_id: uuid.UUID | None = None
    created_data: dict = field(default_factory=dict)


def _play_start(new: NewCase, today: date) -> Timeline:
    timeline = Timeline(country=new.creditor.country, capital=new.capital, due=new.paydate)
    timeline.create(today, jobtype=new.jobtype, channel=new.channel, **new.created_data)
    step = START_STEP[JobType(new.jobtype)]
    if step == "invoice":
        timeline.send_invoice(today)
    elif step == "reminder":
        timeline.remind(today)
    else:
        timeline.collect(today, notice=new.noticedate)
    return timeline


def _fill_numbers(new: NewCase, jobid: str) -> None:
    """Invoices may come without number and reference: the job id gives both."""
    new.billnum = new.billnum or jobid
    new.billcode = new.billcode or make_reference(new.creditor.country, jobid)


def _check_unique(new: NewCase) -> None:
    taken = Case.objects.filter(creditor=new.creditor)
    if taken.filter(billnum=new.billnum).exists():
        raise Conflict("duplicate_billnum", f"billnum {new.billnum} is taken", field="billnum")
    if taken.filter(billcode=new.billcode).exists():
        raise Conflict("duplicate_billcode", f"billcode {new.billcode} is taken", field="billcode")


@transaction.atomic
def create_case(new: NewCase) -> Case:
    """Store a new case from the API range and send its first letter today (sandbox time).

    Raises ``Conflict`` when the creditor already has a case with the billnum or billcode.
    """
    jobid = next_jobid()
    _fill_numbers(new, jobid)
    _check_unique(new)
    timeline = _play_start(new, sandbox_today())
    case = _new_case(new, jobid)
    _copy_state(case, timeline)
    case.save()
    CaseRow.objects.bulk_create(
        CaseRow(case=case, position=i, desc=r.desc, count=r.count, amount=r.amount, taxpr=r.taxpr)
        for i, r in enumerate(new.rows, start=1)
    )
    store(case, timeline)
    return case


def _new_case(new: NewCase, jobid: str) -> Case:
    return Case(
        jobid=jobid,
        creditor=new.creditor,
        debtor=debtor_for(new.party),
        channel=new.channel,
        jobtype=new.jobtype,
        billnum=new.billnum,
        billcode=new.billcode,
        currency=new.creditor.currency,
        billdate=new.billdate,
        paydate=new.paydate,
        description=new.description,
        receivables_type=new.receivables_type,
        collection_type=new.collection_type,
        maventa_invoice_id=new.maventa_invoice_id,
        maventa_assignment_id=new.maventa_assignment_id,
        maventa_transfer_status="sent" if new.maventa_assignment_id else "",
        created=sandbox_now(),
    )
