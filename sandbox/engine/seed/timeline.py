"""A case's life told step by step: every step updates the amounts and records events and letters.

The seed plays a schedule through ``Timeline`` so that, for every case, the amounts are exactly
what its events say: ``fees`` is the sum of ``fee_added`` minus what ``fees_waived`` took off,
``interest`` the sum of ``interest_added``, ``paid`` the sum of ``payment``, and ``capital`` the
amount of ``created`` minus ``credit_note``s. The later clock-driven engine follows the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sandbox.engine.money import ZERO, money, split_evenly
from sandbox.engine.seed.catalog import FEES, PENALTY_INTEREST_PERCENT

REMINDER_DUE_DAYS = 14
COLLECTION_DUE_DAYS = 14
LEGAL_DUE_DAYS = 21
PLAN_FIRST_DUE_DAYS = 14
PLAN_INTERVAL_DAYS = 30


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


class Timeline:
    """Amounts, stage and history of one case while its schedule is played."""

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
        self.events: list[EventSpec] = []
        self.letters: list[LetterSpec] = []
        self._accrued_to = due

    # -- reading ---------------------------------------------------------------------------

    @property
    def open_amount(self) -> Decimal:
        return max(ZERO, self.capital + self.fees + self.interest - self.paid)

    def _capital_outstanding(self) -> Decimal:
        """Payments go to fees and interest first, then to capital."""
        return max(ZERO, self.capital - max(ZERO, self.paid - self.fees - self.interest))

    # -- recording -------------------------------------------------------------------------

    def _event(self, kind: str, on: date, amount: Decimal | None = None, **data: object) -> None:
        self.events.append(EventSpec(kind, on, amount, data))

    def _letter(self, kind: str, on: date, due: date | None) -> None:
        self.letters.append(LetterSpec(kind, on, due, self.open_amount))

    def _add_fee(self, on: date, fee: str) -> None:
        amount = FEES[self.country][fee]
        self.fees += amount
        self._event("fee_added", on, amount, fee=fee)

    def accrue(self, on: date) -> None:
        """Penalty interest on the outstanding capital from the due date (not at invoice stage)."""
        if self.stage in ("invoice", "payment_plan", "closed"):
            return
        start = max(self._accrued_to, self.due)
        days = (on - start).days
        if days <= 0:
            return
        rate = PENALTY_INTEREST_PERCENT[self.country]
        amount = money(self._capital_outstanding() * rate * days / Decimal(36500))
        self._accrued_to = on
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

    def create(self, on: date, *, jobtype: int, channel: str) -> None:
        self._event("created", on, self.capital, jobtype=jobtype, channel=channel)

    def send_invoice(self, on: date) -> None:
        self._event("invoice_sent", on, self.open_amount, paydate=self.due.isoformat())
        self._letter("invoice", on, self.due)

    def postpone(self, on: date, new_due: date) -> None:
        self._event(
            "postponed", on, None, old_paydate=self.due.isoformat(), new_paydate=new_due.isoformat()
        )
        self.due = new_due
        self._accrued_to = new_due
        self._letter("postponement", on, new_due)

    def _move(self, on: date, stage: str, collection_status: str, event: str) -> None:
        """Enter a stage: the event, interest up to that day, the stage's fee, the letter."""
        self.stage = stage
        self.collection_status = collection_status
        self._event(event, on)
        self.accrue(on)

    def remind(self, on: date) -> None:
        self.noticedate = self.noticedate or on
        self._move(on, "reminder", "reminder_sent", "reminder_sent")
        self._add_fee(on, "reminder")
        self._letter("reminder", on, on + timedelta(days=REMINDER_DUE_DAYS))

    def collect(self, on: date, *, notice: date | None = None) -> None:
        self.noticedate = self.noticedate or notice
        self._move(on, "collection", "debt_collection", "moved_to_collection")
        self._add_fee(on, "collection")
        self._letter("collection", on, on + timedelta(days=COLLECTION_DUE_DAYS))

    def go_legal(self, on: date) -> None:
        self._move(on, "legal", "legal_collection", "moved_to_legal")
        self._add_fee(on, "legal")
        self._letter("legal", on, on + timedelta(days=LEGAL_DUE_DAYS))

    def agree_plan(self, on: date, instalments: int) -> list[tuple[date, Decimal]]:
        """Agree a plan over the whole open amount; returns the instalments (due, amount)."""
        self.accrue(on)
        self._add_fee(on, "plan")
        self.stage = "payment_plan"
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

    def pay(self, on: date, amount: Decimal, *, source: str, **data: object) -> None:
        self.accrue(on)
        amount = min(money(amount), self.open_amount)
        self.paid += amount
        self._event("payment", on, amount, source=source, **data)

    def pay_in_full(self, on: date, *, source: str) -> None:
        self.accrue(on)
        self.pay(on, self.open_amount, source=source)
        self.close(on, "paid")

    def cancel(self, on: date, *, creditnotebillnum: str) -> None:
        """A full credit note: capital cancelled, fees and interest waived, case closed."""
        credited = self.capital
        self.capital = ZERO
        self._event("credit_note", on, credited, creditnotebillnum=creditnotebillnum)
        if self.fees or self.interest:
            waived = self.fees + self.interest
            self._event("fees_waived", on, waived, fees=str(self.fees), interest=str(self.interest))
            self.fees = ZERO
            self.interest = ZERO
        self.close(on, "cancelled")

    def close(self, on: date, status: str) -> None:
        self.stage = "closed"
        self.status = status
        self.collection_status = "paid" if status == "paid" else "closed"
        self._event("closed", on, None, status=status)
