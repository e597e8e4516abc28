"""The gateway's records: payments (amounts in cents), refunds, and the tester's knobs.

Everything lives in the database so several worker processes serve one gateway.
"""

from __future__ import annotations

import uuid

from django.db import models


class GatewayPayment(models.Model):
    class Status(models.TextChoices):
        NEW = "new"
        OK = "ok"
        FAIL = "fail"
        PENDING = "pending"
        DELAYED = "delayed"

    transaction_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    merchant = models.CharField(max_length=20)
    stamp = models.CharField(max_length=200)
    reference = models.CharField(max_length=200)
    amount = models.PositiveIntegerField(help_text="Cents.")
    currency = models.CharField(max_length=3, default="EUR")
    language = models.CharField(max_length=2, default="FI")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    provider = models.CharField(max_length=40, blank=True)
    redirect_success = models.URLField(max_length=300)
    redirect_cancel = models.URLField(max_length=300)
    callback_success = models.URLField(max_length=300, blank=True)
    callback_cancel = models.URLField(max_length=300, blank=True)
    callback_delay = models.PositiveIntegerField(default=0, help_text="Seconds (callbackDelay).")
    refunded = models.PositiveIntegerField(default=0, help_text="Cents.")
    history = models.JSONField(default=list, help_text="Statuses in the order they were set.")
    callbacks = models.JSONField(default=list, help_text="Signed callbacks sent, with results.")
    request_body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "stamp"], name="paytrail_stamp_unique")
        ]

    def __str__(self) -> str:
        return f"{self.transaction_id} {self.status}"


class GatewayRefund(models.Model):
    payment = models.ForeignKey(GatewayPayment, on_delete=models.CASCADE, related_name="refunds")
    transaction_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    amount = models.PositiveIntegerField(help_text="Cents.")
    refund_stamp = models.CharField(max_length=200, blank=True)
    refund_reference = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, default="ok")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"refund {self.transaction_id}"


class GatewayKnobs(models.Model):
    """One row (pk=1): how the gateway misbehaves, set by testers through ``/paytrail/knobs``."""

    callback_delay_seconds = models.FloatField(default=0, help_text="Added to callbackDelay.")
    callback_copies = models.PositiveSmallIntegerField(default=1, help_text="Each callback N×.")
    out_of_order = models.BooleanField(
        default=False, help_text="Send stale callbacks (earlier statuses) after the final one."
    )
    api_down = models.BooleanField(default=False, help_text="The API answers 503.")
    send_callbacks = models.BooleanField(default=True)

    def __str__(self) -> str:
        return "gateway knobs"

    @classmethod
    def current(cls) -> GatewayKnobs:
        return cls.objects.get_or_create(pk=1)[0]
