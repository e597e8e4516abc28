"""What the API facades keep: tokens, idempotent answers, feed deliveries and the fault knobs.

Everything lives in the database so that any number of sandbox worker processes agree.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from sandbox.engine.models.cases import Case
from sandbox.engine.models.parties import Creditor


class ApiService(models.TextChoices):
    ROPO_ONE = "ropo_one", "Ropo One REST"
    MAVENTA = "maventa", "Maventa API"


class ApiToken(models.Model):
    """A bearer token. ``creditor`` is empty for the portal's integrator / partner account."""

    token = models.CharField(max_length=64, unique=True)
    service = models.CharField(max_length=10, choices=ApiService.choices)
    country = models.CharField(max_length=2, blank=True, help_text="Ropo One tree of the token.")
    principal = models.CharField(max_length=80, help_text="cid or client_id that asked for it.")
    creditor = models.ForeignKey(
        Creditor, null=True, blank=True, on_delete=models.CASCADE, related_name="tokens"
    )
    expires_at = models.DateTimeField(help_text="Real time (token lifetimes ignore the clock).")
    scope = models.CharField(
        max_length=400, blank=True, default="", help_text="Granted scopes, space-separated."
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.service} token of {self.principal}"


class IdempotencyRecord(models.Model):
    """The first answer to a write that carried an ``Idempotency-Key``, replayed on retries."""

    scope = models.CharField(max_length=120, help_text="Service and principal of the caller.")
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="sandbox_idempotency_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} -> {self.status}"


class FeedDelivery(models.Model):
    """The version of a case last handed to one status-update consumer, and what it got."""

    consumer = models.CharField(max_length=100, help_text="Country tree and cid.")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deliveries")
    version = models.PositiveIntegerField()
    payload = models.JSONField(help_text="The snapshot as delivered (replayed as a duplicate).")
    delivered_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consumer", "case"], name="sandbox_feed_delivery_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consumer}: job {self.case_id} v{self.version}"


class FaultSettings(models.Model):
    """Singleton row: the fault knobs applied to the Ropo One and Maventa APIs."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    error_rate = models.FloatField(default=0.0)
    timeout_rate = models.FloatField(default=0.0)
    timeout_seconds = models.FloatField(default=5.0)
    latency_ms = models.PositiveIntegerField(default=0)
    duplicate_rate = models.FloatField(default=0.0)
    lost_response_rate = models.FloatField(default=0.0)
    lost_response_as = models.CharField(
        max_length=10,
        default="error",
        help_text="How a lost answer reaches the client: error (502), reset, timeout.",
    )
    transfer_pending_reads = models.PositiveSmallIntegerField(
        default=0, help_text="Reads of a new Maventa transfer's status that answer pending."
    )
    seed = models.BigIntegerField(null=True, blank=True)
    draws = models.PositiveIntegerField(default=0, help_text="Requests that drew from the seed.")
    errors = models.PositiveIntegerField(default=0)
    timeouts = models.PositiveIntegerField(default=0)
    lost_responses = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="sandbox_faults_singleton")]

    def __str__(self) -> str:
        return "sandbox fault knobs"

    @classmethod
    def current(cls) -> FaultSettings:
        settings, _ = cls.objects.get_or_create(pk=1)
        return settings
