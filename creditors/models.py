"""Who may act for a creditor in the portal and the API, and what the API has answered.

Creditors themselves and their cases live in `invoices` (the replica of the upstream).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VIEWER = "viewer", _("viewer")
    MANAGER = "manager", _("manager")


class Membership(models.Model):
    """A user's place in a creditor: viewers read, managers also report events and tokens."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="creditor_memberships",
        verbose_name=_("user"),
    )
    creditor = models.ForeignKey(
        "invoices.Creditor",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("creditor"),
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("creditor membership")
        verbose_name_plural = _("creditor memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "creditor"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.creditor} ({self.role})"

    @property
    def can_manage(self) -> bool:
        return self.role == Role.MANAGER


class ApiToken(models.Model):
    """A creditor's API key. Only a SHA-256 digest is stored; the key is shown once."""

    class Scope(models.TextChoices):
        READ = "read", _("read")
        READ_WRITE = "read_write", _("read and write")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    creditor = models.ForeignKey(
        "invoices.Creditor",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("creditor"),
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE


class IdempotencyRecord(models.Model):
    """The answer given to one `Idempotency-Key` of one creditor, replayed on a retry.

    `fingerprint` is a digest of the method, path and body: the same key with another request
    answers 409. The row is written in the transaction of the effect, so there is one effect.
    """

    creditor = models.ForeignKey(
        "invoices.Creditor", on_delete=models.CASCADE, related_name="+", verbose_name=_("creditor")
    )
    key = models.CharField(_("idempotency key"), max_length=255)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    body = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["creditor", "key"], name="idempotency_key_unique"),
            models.CheckConstraint(condition=~Q(key=""), name="idempotency_key_not_empty"),
        ]

    def __str__(self) -> str:
        return self.key


class MaventaLink(models.Model):
    """Which Maventa company a creditor is, and what we last heard of its Ropo service.

    Set by an agent: the replica's creditor (from Ropo One) does not carry Maventa's company id.
    """

    class ServiceStatus(models.TextChoices):
        UNKNOWN = "", _("not checked yet")
        INACTIVE = "inactive", _("inactive")
        PENDING = "pending", _("activation requested")
        KYC_PENDING = "kyc_pending", _("identity checks under way")
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")

    creditor = models.OneToOneField(
        "invoices.Creditor",
        on_delete=models.CASCADE,
        related_name="maventa_link",
        verbose_name=_("creditor"),
    )
    company_id = models.UUIDField(_("Maventa company id"), unique=True)
    service_status = models.CharField(
        _("Ropo service"), max_length=12, choices=ServiceStatus.choices, blank=True
    )
    agreement_contact_email = models.EmailField(_("agreement contact e-mail"), blank=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)

    class Meta:
        verbose_name = _("Maventa company")
        verbose_name_plural = _("Maventa companies")

    def __str__(self) -> str:
        return f"{self.creditor} = {self.company_id}"


class CollectionType(models.TextChoices):
    REMINDER_AND_COLLECTION = "reminder_and_collection", _("reminders, then collection")
    COLLECTION = "collection", _("collection straight away")


class ReceivablesType(models.TextChoices):
    B2B = "b2b", _("business")
    B2C = "b2c", _("consumer")
    B2B_RENTAL = "b2b_rental", _("business rental")
    B2C_RENTAL = "b2c_rental", _("consumer rental")


class Transfer(models.Model):
    """An overdue Maventa invoice handed to Ropo: pending until Maventa answers, then sent
    (with the assignment id) or error (with Maventa's reasons)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        ERROR = "error", _("error")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    creditor = models.ForeignKey(
        "invoices.Creditor",
        on_delete=models.PROTECT,
        related_name="transfers",
        verbose_name=_("creditor"),
    )
    maventa_invoice_id = models.UUIDField(_("Maventa invoice id"))
    invoice_number = models.CharField(_("invoice number"), max_length=64, blank=True)
    due_date = models.DateField(_("due date"))
    collection_type = models.CharField(
        _("collection type"), max_length=24, choices=CollectionType.choices
    )
    receivables_type = models.CharField(
        _("receivables type"), max_length=12, choices=ReceivablesType.choices
    )
    payers = models.JSONField(_("payers"))
    summary = models.CharField(_("what it is for"), max_length=300)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    assignment_id = models.UUIDField(_("Maventa assignment id"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # Maventa answered `pending`: its status is read again then (backing off), until sent/error.
    checks = models.PositiveSmallIntegerField(_("status checks"), default=0)
    next_check_at = models.DateTimeField(_("next status check"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-created_at", "-id"]
        constraints = [
            # An invoice is transferred once; a failed transfer may be tried again.
            models.UniqueConstraint(
                fields=["maventa_invoice_id"],
                condition=Q(status__in=["pending", "sent"]),
                name="transfer_once_per_invoice",
            ),
        ]
        indexes = [models.Index(fields=["creditor", "status"], name="transfer_creditor_status")]

    def __str__(self) -> str:
        return f"{self.invoice_number or self.maventa_invoice_id} ({self.status})"


class CaseFigure(models.Model):
    """The creditor's cases added up by currency, stage, status, due date and month paid.

    A few thousand rows stand for a million cases, so the dashboard reads these instead of
    the cases; `creditors.tasks.refresh_case_figures_task` rebuilds them every few minutes
    (`computed_at` tells how fresh they are). Amounts are sums of the replica's columns.
    """

    creditor = models.ForeignKey(
        "invoices.Creditor", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    currency = models.CharField(max_length=3)
    stage = models.CharField(max_length=16)
    status = models.CharField(max_length=12)
    due_date = models.DateField()
    paid_month = models.DateField(null=True)
    count = models.PositiveIntegerField()
    balance = models.DecimalField(max_digits=18, decimal_places=2)
    claimed = models.DecimalField(max_digits=18, decimal_places=2)
    paid = models.DecimalField(max_digits=18, decimal_places=2)
    days_to_pay = models.BigIntegerField(help_text="sum over settled cases, in days")
    settled = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("case figure")
        verbose_name_plural = _("case figures")
        indexes = [models.Index(fields=["creditor", "currency"], name="case_figure_creditor")]

    def __str__(self) -> str:
        return f"{self.creditor_id} {self.currency} {self.stage} {self.due_date}"
