"""Invoices as Maventa holds them for a company, before (and after) their transfer to Ropo."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from sandbox.engine.clock import sandbox_now
from sandbox.engine.models.cases import MONEY
from sandbox.engine.models.parties import Creditor, Currency


class MaventaInvoice(models.Model):
    """A sales invoice in Maventa; ``POST /v2/invoices/{id}/assignment/ropo`` turns it into a case.

    ``buyer`` and ``rows`` keep the shapes of the (sandbox-only) ``POST /v2/invoices`` body.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    creditor = models.ForeignKey(
        Creditor, on_delete=models.CASCADE, related_name="maventa_invoices"
    )
    number = models.CharField(max_length=40)
    reference = models.CharField(max_length=30)
    date = models.DateField()
    due_date = models.DateField()
    currency = models.CharField(max_length=3, choices=Currency.choices)
    total = models.DecimalField(**MONEY, help_text="Sum including tax.")
    buyer = models.JSONField(default=dict)
    rows = models.JSONField(default=list)
    created = models.DateTimeField(default=sandbox_now)

    class Meta:
        ordering = ["creditor", "date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["creditor", "number"], name="sandbox_maventa_invoice_number_unique"
            ),
            models.CheckConstraint(condition=Q(total__gt=0), name="sandbox_maventa_invoice_total"),
        ]

    def __str__(self) -> str:
        return f"Maventa invoice {self.number} ({self.creditor_id})"
