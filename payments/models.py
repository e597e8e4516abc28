"""Payment attempts through the gateway, their bookings, the raw redirects and callbacks, and
refund bank accounts."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.fields import EncryptedTextField
from invoices.money import Currency, money_field


class Payment(models.Model):
    """One attempt to pay (part of) an invoice through the gateway.

    Forward only: created → pending → paid | failed | cancelled (created may jump straight to
    a final state). `idempotency_key` makes a double click or a retry reuse the attempt.
    """

    class Status(models.TextChoices):
        CREATED = "created", _("created")
        PENDING = "pending", _("waiting for the bank")
        PAID = "paid", _("paid")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    invoice = models.ForeignKey(
        "invoices.Invoice",
        on_delete=models.PROTECT,
        related_name="gateway_payments",
        verbose_name=_("invoice"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    idempotency_key = models.CharField(max_length=64, unique=True, editable=False)
    amount = money_field(_("amount"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    language = models.CharField(_("language"), max_length=8, blank=True)
    email = models.EmailField(_("e-mail address for the receipt"), blank=True)
    provider = models.CharField(_("gateway"), max_length=20, default="paytrail")
    transaction_id = models.CharField(
        _("gateway transaction id"), max_length=64, unique=True, null=True, blank=True
    )
    href = models.URLField(_("gateway page"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CREATED
    )
    gateway_status = models.CharField(_("gateway status"), max_length=24, blank=True)
    bank = models.CharField(_("bank"), max_length=40, blank=True)  # the gateway's method id
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)
    refund_status = models.CharField(_("refund status at the gateway"), max_length=24, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    FINAL = frozenset({Status.PAID, Status.FAILED, Status.CANCELLED})
    NEXT = {
        Status.CREATED: frozenset({Status.PENDING, Status.PAID, Status.FAILED, Status.CANCELLED}),
        Status.PENDING: frozenset({Status.PAID, Status.FAILED, Status.CANCELLED}),
    }

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} ({self.status})"

    @property
    def bank_name(self) -> str:
        from payments.providers import bank_name

        return bank_name(self.bank)

    def can_move_to(self, status: str) -> bool:
        return status in self.NEXT.get(self.status, frozenset())

    @property
    def stamp(self) -> str:
        return str(self.public_id)


class Booking(models.Model):
    """A paid attempt booked against the invoice, exactly once.

    The unique `payment` is the last guard against booking twice: a second insert fails and
    rolls back everything booked with it (the reported payment and its outbox event).
    """

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="booking")
    reported_payment = models.OneToOneField(
        "invoices.ReportedPayment", on_delete=models.PROTECT, related_name="gateway_booking"
    )
    booked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")

    def __str__(self) -> str:
        return f"booking of {self.payment_id}"


class GatewayNotice(models.Model):
    """A redirect or callback as it arrived (kept raw, also when refused)."""

    class Source(models.TextChoices):
        REDIRECT = "redirect", _("redirect")
        CALLBACK = "callback", _("callback")
        RECHECK = "recheck", _("re-check")

    payment = models.ForeignKey(
        Payment, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    outcome = models.CharField(max_length=40)
    query = models.TextField(help_text="The raw query string.")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} {self.outcome}"


class RefundAccount(models.Model):
    """Where money owed back to a person is paid (one per user), encrypted at rest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="refund_account"
    )
    iban = EncryptedTextField(_("IBAN"))
    iban_hash = models.CharField(max_length=64, db_index=True, editable=False)
    bic = EncryptedTextField(_("BIC"))
    holder = EncryptedTextField(_("account holder"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("refund bank account")
        verbose_name_plural = _("refund bank accounts")

    def __str__(self) -> str:
        return self.masked_iban

    @property
    def masked_iban(self) -> str:
        return f"{self.iban[:2]}** **** {self.iban[-4:]}"


class PaymentPlan(models.Model):
    """A debt paid in instalments, agreed by the debtor in the portal and sent upstream.

    What has been paid towards it is what the invoice has been paid since the plan began
    (`paid_at_start`), by any channel: instalments are covered in order.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("paid")
        LAPSED = "lapsed", _("lapsed")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    invoice = models.ForeignKey(
        "invoices.Invoice",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("invoice"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    principal = money_field(_("amount spread over the plan"))
    fee = money_field(_("plan fee"))
    interest_forecast = money_field(_("interest forecast"))
    day_of_month = models.PositiveSmallIntegerField(_("day of the month"))
    paid_at_start = money_field(_("paid before the plan"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("agreed at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment plan")
        verbose_name_plural = _("payment plans")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(status__in=["pending", "active"]),
                name="one_running_plan_per_invoice",
            ),
            models.CheckConstraint(
                condition=Q(principal__gt=0) & Q(fee__gte=0) & Q(day_of_month__range=(1, 28)),
                name="payment_plan_amounts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice} ({self.get_status_display()})"

    @property
    def total(self):
        return self.principal + self.fee


class Instalment(models.Model):
    """One instalment of a plan, with its own bank reference."""

    plan = models.ForeignKey(
        PaymentPlan, on_delete=models.CASCADE, related_name="instalments", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    due_date = models.DateField(_("due date"))
    amount = money_field(_("amount"))
    reference = models.CharField(_("reference"), max_length=35)
    reminded_before = models.BooleanField(default=False)
    reminded_after = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="instalment_number_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="instalment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.amount} on {self.due_date}"
