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
