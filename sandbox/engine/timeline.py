"""A case's life told step by step: every step updates the amounts and records events and letters.

The seed plays whole histories through ``Timeline``; the live engine (``services/``) resumes a
stored case into one, plays the next steps and stores what they recorded. So for every case the
amounts are exactly what its events say: ``fees`` is the sum of ``fee_added`` minus what
``fees_waived`` took off, ``interest`` the sum of ``interest_added`` (minus waivers), ``paid``
the sum of ``payment``, and ``capital`` the amount of ``created`` minus ``credit_note``s.
Fees, interest and timings come from ``sandbox.engine.fees``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sandbox.engine.fees import (
    COLLECTION_DUE_DAYS,
    LEGAL_DUE_DAYS,
    PENALTY_INTEREST_PERCENT,
    PLAN_FIRST_DUE_DAYS,
    PLAN_INTERVAL_DAYS,
    REMINDER_DUE_DAYS,
    step_fees,
)
from sandbox.engine.money import ZERO, money, split_evenly

ACCRUING_STAGES = ("reminder", "collection", "legal")
# Jobtype 300, the print service (own account and reference): Ropo sends no reminders and does
# no collection (ropo-one.md § 4.1.1, documented); the creditor may post a jobtype 1 or 2 job.
PRINT_SERVICE = 300


class PrintServiceJob(ValueError):
    """A reminder or collection step asked of a print-service job (jobtype 300)."""


@dataclass
class EventSpec:
    kind: str
    on: date
    amount: Decimal | None = None
    data: dict = field(default_factory=dict)


@dataclass
class LetterSpec:
    kind: str
    sent_on: date
    due_date: date | None
    amount_due: Decimal | None
    capital: Decimal = ZERO
    fees: Decimal = ZERO
    interest: Decimal = ZERO
    paid: Decimal = ZERO


class Timeline:
    """Amounts, stage and history of one case while its steps are played."""

    def __init__(self, *, country: str, capital: Decimal, due: date) -> None:
        self.country = country
        self.capital = money(capital)
        self.fees = ZERO
        self.interest = ZERO
        self.paid = ZERO
        self.due = due
        self.stage = "invoice"
        self.status = "open"
        self.collection_status = "invoice_sent"
        self.noticedate: date | None = None
        self.stage_since: date | None = None
        self.accrued_to = due
        self.jobtype: int | None = None
        self.events: list[EventSpec] = []
        self.letters: list[LetterSpec] = []

    # -- reading ---------------------------------------------------------------------------

    @property
    def open_amount(self) -> Decimal:
        return max(ZERO, self.capital + self.fees + self.interest - self.paid)

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def escalates(self) -> bool:
        """Whether Ropo reminds and collects the job: not a print-service job."""
        return self.jobtype != PRINT_SERVICE

    def _escalating(self, step: str) -> None:
        if not self.escalates:
            raise PrintServiceJob(f"a print-service job (jobtype 300) gets no {step}")

    def _capital_outstanding(self) -> Decimal:
        """Payments go to fees and interest first, then to capital."""
        return max(ZERO, self.capital - max(ZERO, self.paid - self.fees - self.interest))

    # -- recording -------------------------------------------------------------------------

    def _event(self, kind: str, on: date, amount: Decimal | None = None, **data: object) -> None:
        self.events.append(EventSpec(kind, on, amount, data))

    def _letter(self, kind: str, on: date, due: date | None) -> None:
        self.letters.append(
            LetterSpec(
                kind, on, due, self.open_amount, self.capital, self.fees, self.interest, self.paid
            )
        )

    def _add_fees(self, on: date, step: str) -> None:
        for name, amount in step_fees(self.country, step, self.capital):
            self.fees += amount
            self._event("fee_added", on, amount, fee=name, step=step)

    def accrue(self, on: date) -> None:
        """Penalty interest on the outstanding capital since the last accrual (overdue stages)."""
        if self.stage not in ACCRUING_STAGES or self.status != "open":
            return
        start = max(self.accrued_to, self.due)
        days = (on - start).days
        if days <= 0:
            return
        rate = PENALTY_INTEREST_PERCENT[self.country]
        amount = money(self._capital_outstanding() * rate * days / Decimal(36500))
        self.accrued_to = on
        if amount > ZERO:
            self.interest += amount
            self._event(
                "interest_added",
                on,
                amount,
                period_start=start.isoformat(),
                period_end=on.isoformat(),
                days=days,
                rate_percent=str(rate),
            )

    # -- steps -----------------------------------------------------------------------------

    def create(self, on: date, *, jobtype: int, channel: str, **data: object) -> None:
        self.jobtype = jobtype
        self.stage_since = on
        self._event("created", on, self.capital, jobtype=jobtype, channel=channel, **data)

    def send_invoice(self, on: date) -> None:
        self._event("invoice_sent", on, self.open_amount, paydate=self.due.isoformat())
        self._letter("invoice", on, self.due)

    def postpone(self, on: date, new_due: date) -> None:
        self._event(
            "postponed", on, None, old_paydate=self.due.isoformat(), new_paydate=new_due.isoformat()
        )
        self.due = new_due
        self.accrued_to = new_due
        self._letter("postponement", on, new_due)

    def _move(self, on: date, stage: str, collection_status: str, event: str) -> None:
        """Enter a stage: the event, interest up to that day (then the stage's fees and letter)."""
        self.stage = stage
        self.stage_since = on
        self.collection_status = collection_status
        self._event(event, on)
        self.accrue(on)

    def remind(self, on: date) -> None:
        self._escalating("reminder")
        self.noticedate = self.noticedate or on
        self._move(on, "reminder", "reminder_sent", "reminder_sent")
        self._add_fees(on, "reminder")
        self._letter("reminder", on, on + timedelta(days=REMINDER_DUE_DAYS))

    def collect(self, on: date, *, notice: date | None = None) -> None:
        self._escalating("collection")
        self.noticedate = self.noticedate or notice
        self._move(on, "collection", "debt_collection", "moved_to_collection")
        self._add_fees(on, "collection")
        self._letter("collection", on, on + timedelta(days=COLLECTION_DUE_DAYS))

    def go_legal(self, on: date) -> None:
        self._escalating("legal collection")
        self._move(on, "legal", "legal_collection", "moved_to_legal")
        self._add_fees(on, "legal")
        self._letter("legal", on, on + timedelta(days=LEGAL_DUE_DAYS))

    def agree_plan(self, on: date, instalments: int) -> list[tuple[date, Decimal]]:
        """Agree a plan over the whole open amount; returns the instalments (due, amount)."""
        self.accrue(on)
        self._add_fees(on, "plan")
        self.stage = "payment_plan"
        self.stage_since = on
        self.collection_status = "payment_plan"
        dues = [
            on + timedelta(days=PLAN_FIRST_DUE_DAYS + PLAN_INTERVAL_DAYS * i)
            for i in range(instalments)
        ]
        schedule = list(zip(dues, split_evenly(self.open_amount, instalments), strict=True))
        self._event(
            "plan_agreed",
            on,
            self.open_amount,
            instalments=[{"due": d.isoformat(), "amount": str(a)} for d, a in schedule],
        )
        self._letter("plan_confirmation", on, dues[0])
        return schedule

    def agree_schedule(
        self, on: date, schedule: list[tuple[date, Decimal]], fee: Decimal, **data: object
    ) -> None:
        """Agree a plan the debtor built elsewhere (the portal): its fee and its instalments,
        which must add up to what is open after the fee."""
        self.accrue(on)
        if fee > ZERO:
            self.fees += fee
            self._event("fee_added", on, fee, fee="payment_plan_fee", step="plan")
        self.stage = "payment_plan"
        self.stage_since = on
        self.collection_status = "payment_plan"
        self._event(
            "plan_agreed",
            on,
            self.open_amount,
            instalments=[{"due": d.isoformat(), "amount": str(a)} for d, a in schedule],
            **data,
        )
        self._letter("plan_confirmation", on, schedule[0][0])

    def lapse_plan(self, on: date, **data: object) -> None:
        """A plan whose instalments were missed ends; collection resumes from this day."""
        self._move(on, "collection", "debt_collection", "plan_lapsed")
        for key, value in data.items():
            self.events[-1].data[key] = value

    def pay(self, on: date, amount: Decimal, *, source: str, **data: object) -> Decimal:
        """Book a payment (interest first accrues to ``on``); returns the part above what's owed."""
        self.accrue(on)
        received = money(amount)
        booked = min(received, self.open_amount)
        if received > booked:
            data["overpaid"] = str(received - booked)
        self.paid += booked
        self._event("payment", on, booked, source=source, **data)
        return received - booked

    def pay_in_full(self, on: date, *, source: str) -> None:
        self.accrue(on)
        self.pay(on, self.open_amount, source=source)
        self.close(on, "paid")

    def credit(self, on: date, amount: Decimal, **data: object) -> None:
        """A credit note over part or all of the capital; a fully credited case is cancelled."""
        self.accrue(on)
        credited = min(money(amount), self.capital)
        self.capital -= credited
        self._event("credit_note", on, credited, **data)
        if self.capital == ZERO:
            self._waive(on)
            self.close(on, "cancelled")

    def _waive(self, on: date) -> None:
        if self.fees or self.interest:
            waived = self.fees + self.interest
            self._event("fees_waived", on, waived, fees=str(self.fees), interest=str(self.interest))
            self.fees = ZERO
            self.interest = ZERO

    def cancel(self, on: date, *, creditnotebillnum: str) -> None:
        """A full credit note: capital cancelled, fees and interest waived, case closed."""
        self.credit(on, self.capital, creditnotebillnum=creditnotebillnum)

    def close_if_settled(self, on: date) -> None:
        if self.is_open and self.open_amount == ZERO:
            self.close(on, "paid")

    def close(self, on: date, status: str) -> None:
        self.stage = "closed"
        self.stage_since = on
        self.status = status
        self.collection_status = "paid" if status == "paid" else "closed"
        self._event("closed", on, None, status=status)
