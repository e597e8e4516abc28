"""The outbox (our changes on their way upstream) and the sync cursors."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEvent(models.Model):
    """One change to deliver upstream, written in the same transaction as the local change.

    `key` travels as the Idempotency-Key where upstream honours one. Where it does not (Ropo One
    payments), `in_doubt` marks an event whose earlier send may have taken effect (its answer
    was lost): the next attempt asks upstream first, and an event that cannot be settled either
    way waits in `needs_check` for an agent, never a dead letter.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        DEAD = "dead", _("dead letter")
        NEEDS_CHECK = "needs_check", _("needs checking")

    key = models.UUIDField(_("idempotency key"), default=uuid.uuid4, unique=True, editable=False)
    topic = models.CharField(_("topic"), max_length=64)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    in_doubt = models.BooleanField(
        _("maybe sent"),
        default=False,
        help_text=_("An earlier send may have taken effect: its answer was lost."),
    )
    checked_booked = models.BooleanField(
        _("checked: took effect"),
        default=False,
        help_text=_("An agent checked upstream: the earlier send took effect; do not send again."),
    )
    response = models.JSONField(_("upstream answer"), null=True, blank=True)
    # The web request (or task) that wrote it: its deliveries log under the same id.
    request_id = models.CharField(_("request id"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox event")
        verbose_name_plural = _("outbox events")
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="outbox_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.key} ({self.status})"


class SyncCursor(models.Model):
    """Where a feed was read up to (e.g. the newest Maventa assignment of the last walk), and
    when a run of it last finished without an error (the sync lag in /metrics and /readyz,
    integrations/sync.py)."""

    name = models.CharField(_("feed"), max_length=64, unique=True)
    value = models.CharField(_("position"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    succeeded_at = models.DateTimeField(_("last successful run"), null=True, blank=True)

    class Meta:
        verbose_name = _("sync cursor")
        verbose_name_plural = _("sync cursors")

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"
