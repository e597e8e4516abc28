"""The case engine's data: creditors, debtors and their cases (Ropo One jobs / Maventa assignments).

One model serves every facade: the Ropo One REST API speaks of *jobs* (``jobid``, ``billcode``,
``payrow``...), Maventa's Receivables API of *assignments* (``collection_status``, events). A
``Case`` carries both vocabularies; ``CaseEvent`` rows are the append-only timeline and, by their
auto-increment id, the cursor of the status-update feed.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from sandbox.engine.clock import sandbox_now
from sandbox.engine.money import ZERO, money

MONEY = {"max_digits": 14, "decimal_places": 2}


class Country(models.TextChoices):
    FI = "FI", "Finland"
    SE = "SE", "Sweden"
    NO = "NO", "Norway"


class Currency(models.TextChoices):
    EUR = "EUR", "Euro"
    SEK = "SEK", "Swedish krona"
    NOK = "NOK", "Norwegian krone"


class Language(models.TextChoices):
    EN = "en", "English"
    FI = "fi", "Suomi"
    SV = "sv", "Svenska"
    NB = "nb", "Norsk bokmål"


class Clock(models.Model):
    """Singleton row: how many days the sandbox runs ahead of real time."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    offset_days = models.IntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="sandbox_clock_singleton")]

    def __str__(self) -> str:
        return f"sandbox clock (+{self.offset_days} days)"

    @classmethod
    def current(cls) -> Clock:
        clock, _ = cls.objects.get_or_create(pk=1)
        return clock


class ReceivablesService(models.TextChoices):
    """Maventa ``/v2/services/ropo/receivables`` activation state."""

    INACTIVE = "inactive", "Not activated"
    PENDING = "pending", "Agreement wizard sent"
    KYC_PENDING = "kyc_pending", "Waiting for KYC verification"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Creditor(models.Model):
    """A company that hands its receivables to Ropo (Ropo One profile + Maventa company)."""

    key = models.SlugField(max_length=50, unique=True, help_text="Stable seed key.")
    name = models.CharField(max_length=200)
    industry = models.CharField(max_length=40, blank=True)
    country = models.CharField(max_length=2, choices=Country.choices)
    currency = models.CharField(max_length=3, choices=Currency.choices)
    business_id = models.CharField(max_length=20)
    # Ropo One credentials (one profile per country environment).
    cid = models.CharField(max_length=40, unique=True)
    apicode = models.CharField(max_length=80)
    # Maventa credentials (OAuth2 client credentials) and the Ropo receivables service.
    maventa_company_uuid = models.UUIDField(unique=True)
    maventa_api_key = models.CharField(max_length=80)
    maventa_vendor_key = models.CharField(max_length=80)
    receivables_service = models.CharField(
        max_length=20, choices=ReceivablesService.choices, default=ReceivablesService.INACTIVE
    )
    agreement_contact_email = models.EmailField(blank=True)
    receivables_activated_at = models.DateTimeField(null=True, blank=True)
    # Settlement account.
    iban = models.CharField(max_length=34)
    bic = models.CharField(max_length=11)
    allows_legal_collection = models.BooleanField(default=False)
    created = models.DateTimeField(default=sandbox_now)

    class Meta:
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "business_id"], name="sandbox_creditor_business_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(country="FI", currency="EUR")
                | Q(country="SE", currency="SEK")
                | Q(country="NO", currency="NOK"),
                name="sandbox_creditor_currency_of_country",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class DebtorKind(models.TextChoices):
    PERSON = "person", "Person"
    COMPANY = "company", "Company"


class Debtor(models.Model):
    """An end customer: a person (personal identity code) or a company (business id)."""

    kind = models.CharField(max_length=10, choices=DebtorKind.choices)
    name = models.CharField(max_length=200)
    identity_code = models.CharField(
        max_length=20, help_text="Person: hetu/personnummer/fødselsnummer; company: business id."
    )
    country = models.CharField(max_length=2, choices=Country.choices)
    address = models.CharField(max_length=200)
    postcode = models.CharField(max_length=10)
    city = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    representatives = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="represented_companies",
        limit_choices_to={"kind": DebtorKind.PERSON},
        help_text="People who may act for this company (the IdP lists them in a claim).",
    )
    created = models.DateTimeField(default=sandbox_now)

    class Meta:
        ordering = ["country", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "identity_code"], name="sandbox_debtor_identity_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DebtorKind.values), name="sandbox_debtor_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country} {self.identity_code})"

    @property
    def customertype(self) -> int:
        """Ropo One ``customertype``: 1 = company, 2 = private person."""
        return 1 if self.kind == DebtorKind.COMPANY else 2


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
    PAYMENT = "payment", "Payment"
    CREDIT_NOTE = "credit_note", "Credit note"
    FEES_WAIVED = "fees_waived", "Fees and interest waived"
    CLOSED = "closed", "Closed"


class CaseEvent(models.Model):
    """One step of a case's timeline; the id is the cursor of the status-update feed."""

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
