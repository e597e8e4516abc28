from __future__ import annotations

from django.apps import AppConfig


class IdpConfig(AppConfig):
    name = "sandbox.idp"
    label = "sandbox_idp"
    verbose_name = "Sandbox identity provider (test bank)"
    default_auto_field = "django.db.models.BigAutoField"
