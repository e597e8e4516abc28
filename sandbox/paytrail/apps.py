from __future__ import annotations

from django.apps import AppConfig


class PaytrailConfig(AppConfig):
    name = "sandbox.paytrail"
    label = "sandbox_paytrail"
    verbose_name = "Sandbox payment gateway (Paytrail-compatible)"
    default_auto_field = "django.db.models.BigAutoField"
