"""Cases (Ropo One jobs / Maventa assignments), their rows, events and letters.

One model serves every facade: the Ropo One REST API speaks of *jobs* (``jobid``, ``billcode``,
``payrow``...), Maventa's Receivables API of *assignments* (``collection_status``, events). A
``Case`` carries both vocabularies; ``CaseEvent`` rows are the append-only timeline. Every event
bumps the case's ``version`` by one, so ``version`` equals the number of events.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from sandbox.engine.clock import sandbox_now
from sandbox.engine.models.parties import Creditor, Currency, Debtor, Language
from sandbox.engine.money import ZERO, money

MONEY = {"max_digits": 14, "decimal_places": 2}


class JobType(models.IntegerChoices):
    INVOICE = 0, "Invoice"
    REMINDER = 1, "Reminder"
    COLLECTION = 2, "Collection"
    INVOICE_DISTRIBUTION = 300, "Invoice (information logistics)"


class Stage(models.TextChoices):
    INVOICE = "invoice", "Invoice"
    REMINDER = "reminder", "Reminder"
    COLLECTION = "collection", "Collection"
    LEGAL = "legal", "Legal collection"
    PAYMENT_PLAN = "payment_plan", "Payment plan"
    CLOSED = "closed", "Closed"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    PAID = "paid", "Paid"
    CANCELLED = "cancelled", "Cancelled"


class CollectionStatus(models.TextChoices):
    """Maventa's vocabulary for an assignment's progress."""

    INVOICE_SENT = "invoice_sent", "Invoice sent"
    REMINDER_SENT = "reminder_sent", "Reminder sent"
    DEBT_COLLECTION = "debt_collection", "Debt collection"
    LEGAL_COLLECTION = "legal_collection", "Legal collection"
    PAYMENT_PLAN = "payment_plan", "Payment plan"
    PAID = "paid", "Paid"
    CLOSED = "closed", "Closed"


class ReceivablesType(models.TextChoices):
    B2B = "b2b", "Business"
    B2C = "b2c", "Consumer"
    B2B_RENTAL = "b2b_rental", "Business rental"
    B2C_RENTAL = "b2c_rental", "Consumer rental"


class CollectionType(models.TextChoices):
    REMINDER_AND_COLLECTION = "reminder_and_collection", "Reminders and collection"
    COLLECTION = "collection", "Collection only"


class Channel(models.TextChoices):
    ROPO_ONE = "ropo_one", "Ropo One REST"
    MAVENTA = "maventa", "Maventa Receivables API"


class TransferStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    ERROR = "error", "Error"


class Case(models.Model):
    """A receivable handled by Ropo: a Ropo One job and, if transferred so, a Maventa assignment."""

    jobid = models.CharField(max_length=20, unique=True)
    creditor = models.ForeignKey(Creditor, on_delete=models.PROTECT, related_name="cases")
    debtor = models.ForeignKey(Debtor, on_delete=models.PROTECT, related_name="cases")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ROPO_ONE)
    jobtype = models.PositiveSmallIntegerField(choices=JobType.choices)
    billnum = models.CharField(max_length=40, help_text="Invoice number.")
    billcode = models.CharField(max_length=30, help_text="Payment reference (FI/OCR/KID).")
    currency = models.CharField(max_length=3, choices=Currency.choices)
    capital = models.DecimalField(**MONEY, default=ZERO)
    fees = models.DecimalField(**MONEY, default=ZERO)
    interest = models.DecimalField(**MONEY, default=ZERO)
    paid = models.DecimalField(**MONEY, default=ZERO)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.INVOICE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    collection_status = models.CharField(
        max_length=30, choices=CollectionStatus.choices, default=CollectionStatus.INVOICE_SENT
    )
    billdate = models.DateField()
    paydate = models.DateField(help_text="Due date.")
    noticedate = models.DateField(null=True, blank=True, help_text="Date of the first reminder.")
    description = models.CharField(max_length=300, blank=True)
    receivables_type = models.CharField(max_length=12, choices=ReceivablesType.choices)
    collection_type = models.CharField(
        max_length=30,
        choices=CollectionType.choices,
        default=CollectionType.REMINDER_AND_COLLECTION,
    )
    maventa_invoice_id = models.UUIDField(null=True, blank=True, unique=True)
    maventa_assignment_id = models.UUIDField(null=True, blank=True, unique=True)
    maventa_transfer_status = models.CharField(
        max_length=10, choices=TransferStatus.choices, blank=True
    )
    maventa_pending_reads = models.PositiveSmallIntegerField(
        default=0, help_text="Status reads the transfer still answers pending."
    )
    on_hold = models.BooleanField(
        default=False, help_text="Disputed: the case takes no steps until the dispute closes."
    )
    version = models.PositiveIntegerField(default=0, help_text="Number of events so far.")
    changed_at = models.DateTimeField(
        default=sandbox_now, db_index=True, help_text="Sandbox time of the latest event."
    )
    stage_since = models.DateField(null=True, blank=True, help_text="Day the stage was entered.")
    accrued_to = models.DateField(
        null=True, blank=True, help_text="Penalty interest is booked up to this day."
    )
    created = models.DateTimeField(default=sandbox_now)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["debtor", "status"], name="sandbox_case_debtor_status"),
            models.Index(fields=["creditor", "status"], name="sandbox_case_creditor_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["creditor", "billnum"], name="sandbox_case_billnum_unique"
            ),
            models.UniqueConstraint(
                fields=["creditor", "billcode"], name="sandbox_case_billcode_unique"
            ),
            models.CheckConstraint(
                condition=Q(capital__gte=0, fees__gte=0, interest__gte=0, paid__gte=0),
                name="sandbox_case_amounts_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(jobtype__in=JobType.values), name="sandbox_case_jobtype_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status=Status.OPEN) & ~Q(stage=Stage.CLOSED))
                | (~Q(status=Status.OPEN) & Q(stage=Stage.CLOSED)),
                name="sandbox_case_closed_iff_not_open",
            ),
        ]

    def __str__(self) -> str:
        return f"job {self.jobid} ({self.billnum}, {self.stage}/{self.status})"

    @property
    def total_amount(self) -> Decimal:
        return money(self.capital + self.fees + self.interest)

    @property
    def open_amount(self) -> Decimal:
        """What is still owed: capital + fees + interest - paid, never below zero."""
        return max(ZERO, money(self.total_amount - self.paid))


class CaseRow(models.Model):
    """An invoice row (Ropo One ``payrow``): unit price excluding tax."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveSmallIntegerField()
    desc = models.CharField(max_length=200)
    count = models.DecimalField(max_digits=12, decimal_places=3, default=Decimal("1"))
    amount = models.DecimalField(**MONEY, help_text="Unit price excluding tax.")
    taxpr = models.DecimalField(max_digits=5, decimal_places=2, default=ZERO)

    class Meta:
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "position"], name="sandbox_caserow_position"),
            models.CheckConstraint(condition=Q(count__gte=0), name="sandbox_caserow_count_gte_0"),
            models.CheckConstraint(
                condition=Q(taxpr__gte=0, taxpr__lte=100), name="sandbox_caserow_taxpr_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.desc} {self.count} x {self.amount}"

    @property
    def total(self) -> Decimal:
        """Row total including tax."""
        return money(self.count * self.amount * (Decimal(100) + self.taxpr) / Decimal(100))


class EventKind(models.TextChoices):
    CREATED = "created", "Case created"
    INVOICE_SENT = "invoice_sent", "Invoice sent"
    POSTPONED = "postponed", "Due date postponed"
    REMINDER_SENT = "reminder_sent", "Reminder sent"
    FEE_ADDED = "fee_added", "Fee added"
    INTEREST_ADDED = "interest_added", "Interest added"
    MOVED_TO_COLLECTION = "moved_to_collection", "Moved to collection"
    MOVED_TO_LEGAL = "moved_to_legal", "Moved to legal collection"
    PLAN_AGREED = "plan_agreed", "Payment plan agreed"
    PLAN_LAPSED = "plan_lapsed", "Payment plan lapsed: collection resumes"
    PAYMENT = "payment", "Payment"
    CREDIT_NOTE = "credit_note", "Credit note"
    FEES_WAIVED = "fees_waived", "Fees and interest waived"
    DISPUTE_OPENED = "dispute_opened", "Disputed: collection on hold"
    DISPUTE_CLOSED = "dispute_closed", "Dispute closed: collection resumes"
    CLOSED = "closed", "Closed"


class CaseEvent(models.Model):
    """One step of a case's timeline; ids grow with time, the feed's ``updateid`` is the latest."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    amount = models.DecimalField(**MONEY, null=True, blank=True)
    occurred_at = models.DateTimeField(default=sandbox_now)
    data = models.JSONField(default=dict, blank=True)
    delivered = models.BooleanField(default=False, help_text="Handed out by statusupdates.")
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["delivered", "id"], name="sandbox_event_feed")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="sandbox_event_amount_non_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} on job {self.case_id} at {self.occurred_at:%Y-%m-%d}"


class LetterKind(models.TextChoices):
    INVOICE = "invoice", "Invoice"
    REMINDER = "reminder", "Reminder"
    COLLECTION = "collection", "Collection letter"
    LEGAL = "legal", "Legal collection notice"
    PLAN_CONFIRMATION = "plan_confirmation", "Payment plan confirmation"
    POSTPONEMENT = "postponement", "Postponement confirmation"


class Letter(models.Model):
    """A letter sent to the debtor; its PDF is rendered on demand from these facts."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=30, choices=LetterKind.choices)
    sent_on = models.DateField()
    language = models.CharField(max_length=2, choices=Language.choices)
    due_date = models.DateField(null=True, blank=True)
    amount_due = models.DecimalField(**MONEY, null=True, blank=True)
    # The breakdown of ``amount_due`` on the day the letter was sent (printed on the PDF).
    capital = models.DecimalField(**MONEY, null=True, blank=True)
    fees = models.DecimalField(**MONEY, null=True, blank=True)
    interest = models.DecimalField(**MONEY, null=True, blank=True)
    paid = models.DecimalField(**MONEY, null=True, blank=True)

    class Meta:
        ordering = ["case", "sent_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_due__isnull=True) | Q(amount_due__gte=0),
                name="sandbox_letter_amount_non_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} letter for job {self.case_id} on {self.sent_on}"
