"""The portal's replica of the collection cases it shows, and the people they concern.

The collection system (Ropo One, reached also through Maventa) owns the amounts, stages and
letters; sync tasks keep these rows fresh. Identity codes are stored encrypted with a keyed
hash beside them for lookups.
"""

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.fields import EncryptedTextField
from invoices.money import Currency, money_field
from invoices.public_id import display, new_myropo_id


class Country(models.TextChoices):
    FI = "FI", _("Finland")
    SE = "SE", _("Sweden")
    NO = "NO", _("Norway")


class UpstreamSystem(models.TextChoices):
    ROPO_ONE = "ropo_one", _("Ropo One")
    MAVENTA = "maventa", _("Maventa")


class Creditor(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    business_id = models.CharField(_("business id"), max_length=32)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    # Sweden: where debtors pay domestically with an OCR number; digits only, 7 or 8 with a
    # Luhn check (`payments.references.is_valid_bankgiro`). Changed like the IBAN.
    bankgiro = models.CharField(_("Bankgiro number"), max_length=8, blank=True)
    allows_legal_collection = models.BooleanField(_("allows legal collection"), default=False)
    upstream_id = models.CharField(_("upstream id"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("creditor")
        verbose_name_plural = _("creditors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "business_id"], name="creditor_business_id"),
        ]

    def __str__(self) -> str:
        return self.name


class BankAccountChange(models.Model):
    """An agent's proposal to change where a creditor's debtors pay, and its decision.

    Debtors keep seeing the creditor's current account until a different agent approves the
    proposal (`invoices.services.approve_bank_account_change`); the database refuses a
    decision by the proposer and a second pending proposal for the same creditor.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a second agent")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    creditor = models.ForeignKey(
        Creditor,
        on_delete=models.CASCADE,
        related_name="bank_account_changes",
        verbose_name=_("creditor"),
    )
    old_iban = models.CharField(_("IBAN before"), max_length=34, blank=True)
    old_bic = models.CharField(_("BIC before"), max_length=11, blank=True)
    iban = models.CharField(_("new IBAN"), max_length=34)
    bic = models.CharField(_("new BIC"), max_length=11, blank=True)
    old_bankgiro = models.CharField(_("Bankgiro number before"), max_length=8, blank=True)
    bankgiro = models.CharField(_("new Bankgiro number"), max_length=8, blank=True)
    reason = models.CharField(_("why"), max_length=300)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    proposed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bank account change")
        verbose_name_plural = _("bank account changes")
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["creditor"],
                condition=Q(status="pending"),
                name="one_pending_bank_account_change",
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="bank_account_change_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.creditor}: {self.iban} ({self.get_status_display()})"


class DebtorParty(models.Model):
    """A person or a company that owes money, identified by an encrypted identity code."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        COMPANY = "company", _("company")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    identity_code = EncryptedTextField(_("identity code"), null=True, blank=True)
    identity_hash = models.CharField(
        _("identity lookup hash"), max_length=64, null=True, blank=True, editable=False
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("debtor")
        verbose_name_plural = _("debtors")
        ordering = ["name"]
        constraints = [
            # NULLs never clash, so debtors without a known identity may coexist. The
            # constraint is unconditional so that sync can upsert on it (ON CONFLICT).
            models.UniqueConstraint(
                fields=["kind", "identity_hash"], name="debtor_identity_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_identity(self) -> str:
        """What agents and the audit trail see of the code: its first six characters."""
        code = self.identity_code or ""
        return f"{code[:6]}…" if code else ""


class Stage(models.TextChoices):
    INVOICE = "invoice", _("invoice")
    REMINDER = "reminder", _("reminder")
    COLLECTION = "collection", _("debt collection")
    LEGAL = "legal", _("legal collection")
    PAYMENT_PLAN = "payment_plan", _("payment plan")
    CLOSED = "closed", _("closed")


class InvoiceStatus(models.TextChoices):
    OPEN = "open", _("open")
    PAID = "paid", _("paid")
    CANCELLED = "cancelled", _("cancelled")


class Invoice(models.Model):
    """One case: an invoice and everything that followed it (reminders, collection)."""

    # Unique through Meta.constraints: a unique field would also get a LIKE index nothing uses.
    myropo_id = models.CharField(
        _("MyRopo ID"), max_length=11, default=new_myropo_id, editable=False
    )
    # No single-column indexes on these two: the composite indexes below start with them.
    creditor = models.ForeignKey(
        Creditor,
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("creditor"),
        db_index=False,
    )
    debtor = models.ForeignKey(
        DebtorParty,
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("debtor"),
        db_index=False,
    )
    invoice_number = models.CharField(_("invoice number"), max_length=64)
    reference = models.CharField(_("reference"), max_length=35)
    description = models.CharField(_("what it is for"), max_length=300, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    capital = money_field(_("capital"))
    fees = money_field(_("fees"))
    interest = money_field(_("interest"))
    paid = money_field(_("paid"))
    balance = money_field(_("open balance"))
    invoice_date = models.DateField(_("invoice date"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN
    )
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.INVOICE
    )
    collection_status = models.CharField(_("upstream collection status"), max_length=40, blank=True)
    collection_paused = models.BooleanField(_("collection paused"), default=False)
    upstream_system = models.CharField(
        _("upstream system"), max_length=16, choices=UpstreamSystem.choices
    )
    upstream_id = models.CharField(_("upstream id"), max_length=64)
    maventa_assignment_id = models.UUIDField(_("Maventa assignment id"), null=True, blank=True)
    upstream_version = models.BigIntegerField(_("upstream version"), default=0)
    content_digest = models.CharField(max_length=24, blank=True, editable=False)
    upstream_updated_at = models.DateTimeField(_("changed upstream"), null=True, blank=True)
    synced_at = models.DateTimeField(_("last synced"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["debtor", "status", "due_date"], name="invoice_debtor_status"),
            models.Index(fields=["creditor", "stage"], name="invoice_creditor_stage"),
            # No index on `reference`: it is only searched within one person's invoices (found
            # through the debtor index), and every index costs each synced update a write.
        ]
        constraints = [
            models.UniqueConstraint(fields=["myropo_id"], name="invoice_myropo_id_unique"),
            models.UniqueConstraint(
                fields=["upstream_system", "upstream_id"], name="invoice_upstream_unique"
            ),
            models.CheckConstraint(
                condition=Q(capital__gte=0)
                & Q(fees__gte=0)
                & Q(interest__gte=0)
                & Q(paid__gte=0)
                & Q(balance__gte=0),
                name="invoice_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=F("invoice_date")), name="invoice_due_after_issue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_number} ({self.display_myropo_id})"

    @property
    def display_myropo_id(self) -> str:
        return display(self.myropo_id)

    @property
    def upstream_job(self) -> tuple[str, str]:
        """(country, job id) of the case in Ropo One, from `upstream_id` ("FI:100042")."""
        country, jobid = self.upstream_id.split(":", 1)
        return country, jobid

    @property
    def events_go_to(self) -> str:
        """Where a creditor's direct payments and credit notes go: `maventa` (events on the
        assignment of a case that came through Maventa) or `ropo_one` (a bypass payment)."""
        return "maventa" if self.maventa_assignment_id else "ropo_one"

    @property
    def total(self) -> Decimal:
        return self.capital + self.fees + self.interest


class InvoiceRow(models.Model):
    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="rows", verbose_name=_("invoice")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit_price = money_field(_("unit price excluding tax"))
    vat_rate = models.DecimalField(_("VAT %"), max_digits=5, decimal_places=2, default=0)
    total = money_field(_("total including tax"))

    class Meta:
        verbose_name = _("invoice row")
        verbose_name_plural = _("invoice rows")
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoice_row_position"),
            models.CheckConstraint(
                condition=Q(vat_rate__gte=0) & Q(vat_rate__lte=100), name="invoice_row_vat_range"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class Letter(models.Model):
    """A letter in a case's archive; the PDF is fetched from upstream on demand and cached."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("invoice")
        REMINDER = "reminder", _("reminder")
        COLLECTION = "collection", _("collection letter")
        LEGAL = "legal", _("legal collection letter")
        PLAN_CONFIRMATION = "plan_confirmation", _("payment plan confirmation")
        POSTPONEMENT_CONFIRMATION = "postponement_confirmation", _("postponement confirmation")
        RECEIPT = "receipt", _("payment receipt")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="letters", verbose_name=_("invoice")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    sent_on = models.DateField(_("sent on"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    upstream_id = models.CharField(_("upstream id"), max_length=64, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="letters/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["invoice", "sent_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "kind", "upstream_id"],
                condition=~Q(upstream_id=""),
                name="letter_upstream_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sent_on}"


class ReportedPayment(models.Model):
    """A payment made outside the portal (e.g. straight to the creditor), reported upstream.

    Shown at once as paid; counted against the replica's balance until the replica has caught
    up with the upstream booking (`confirmed`), so it is never counted twice.
    """

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("direct payment")
        CAPITAL_CANCELLATION = "capital_cancellation", _("capital cancellation")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("booked upstream")
        CONFIRMED = "confirmed", _("confirmed")
        FAILED = "failed", _("refused upstream")

    # Reported but not yet in the replica's balance.
    UNCONFIRMED = (Status.PENDING, Status.SENT)

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        related_name="reported_payments",
        verbose_name=_("invoice"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.PAYMENT)
    amount = money_field(_("amount"))
    paid_on = models.DateField(_("paid on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    upstream_version = models.BigIntegerField(_("upstream version after booking"), null=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reported payment")
        verbose_name_plural = _("reported payments")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="reported_payment_positive"),
        ]
        indexes = [
            models.Index(
                fields=["invoice"],
                condition=Q(status__in=["pending", "sent"]),
                name="reported_payment_unconfirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.get_status_display()})"


class Dispute(models.Model):
    """A debtor contests all or part of a claim; upstream holds the case until it is resolved.

    At most one open dispute per invoice (a database constraint). The reason is personal and
    stored encrypted; an agent resolves the dispute in the admin.
    """

    class Scope(models.TextChoices):
        ALL = "all", _("the whole claim")
        PART = "part", _("part of the claim")

    class Status(models.TextChoices):
        OPEN = "open", _("open: collection paused")
        UPHELD = "upheld", _("upheld: the claim was reduced")
        REJECTED = "rejected", _("rejected: collection resumes")
        WITHDRAWN = "withdrawn", _("withdrawn")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="disputes", verbose_name=_("invoice")
    )
    raised_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("raised by")
    )
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices)
    amount = money_field(_("disputed amount"))
    reason = EncryptedTextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    resolution = EncryptedTextField(_("answer to the debtor"), blank=True)
    resolved_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice"], condition=Q(status="open"), name="one_open_dispute_per_invoice"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="dispute_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice} {self.get_status_display()}"


class DisputeAttachment(models.Model):
    """A file the debtor sent with a dispute; its bytes are stored encrypted."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    dispute = models.ForeignKey(
        Dispute, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("dispute")
    )
    filename = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    content = EncryptedTextField(_("content"))  # base64 of the file's bytes, then encrypted

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename


class CreditorPolicy(models.Model):
    """What a creditor lets its debtors arrange by themselves in the portal.

    A creditor without a row gets the defaults of a new row. Agents edit policies, and grant
    exceptions for one invoice (`PolicyException`), in the admin."""

    creditor = models.OneToOneField(
        Creditor, on_delete=models.CASCADE, related_name="policy", verbose_name=_("creditor")
    )
    postponement_allowed = models.BooleanField(_("due dates may be postponed"), default=True)
    postponement_max_days = models.PositiveSmallIntegerField(
        _("longest postponement in days"), default=14
    )
    postponements_max = models.PositiveSmallIntegerField(_("postponements per invoice"), default=1)
    postponement_fee = money_field(_("postponement fee"))
    plans_allowed = models.BooleanField(_("payment plans allowed"), default=True)
    plan_max_months = models.PositiveSmallIntegerField(_("longest plan in months"), default=12)
    plan_min_instalment = money_field(_("smallest instalment"), default=Decimal("20.00"))
    plan_first_due_at_once = models.BooleanField(_("first instalment due at once"), default=False)

    class Meta:
        verbose_name = _("creditor policy")
        verbose_name_plural = _("creditor policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(postponement_fee__gte=0) & Q(plan_min_instalment__gt=0),
                name="creditor_policy_amounts",
            )
        ]

    def __str__(self) -> str:
        return str(self.creditor)


class PolicyException(models.Model):
    """An agent's exception to the creditor's policy for one invoice."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("invoice")
    )
    extra_postponement_days = models.PositiveSmallIntegerField(
        _("extra postponement days"), default=0
    )
    extra_postponements = models.PositiveSmallIntegerField(_("extra postponements"), default=0)
    extra_plan_months = models.PositiveSmallIntegerField(_("extra plan months"), default=0)
    note = models.CharField(_("why"), max_length=300)
    granted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("granted by")
    )
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("policy exception")
        verbose_name_plural = _("policy exceptions")

    def __str__(self) -> str:
        return f"{self.invoice}: {self.note}"


class Postponement(models.Model):
    """A due date the debtor moved in the portal; sent to Ropo One through the outbox."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="postponements", verbose_name=_("invoice")
    )
    old_due_date = models.DateField(_("old due date"))
    new_due_date = models.DateField(_("new due date"))
    fee = money_field(_("fee"))
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("asked by")
    )
    created_at = models.DateTimeField(_("agreed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("postponement")
        verbose_name_plural = _("postponements")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due_date__gt=F("old_due_date")), name="postponement_moves_forward"
            )
        ]

    def __str__(self) -> str:
        return f"{self.invoice}: {self.old_due_date} -> {self.new_due_date}"
