from __future__ import annotations

from django.apps import AppConfig


class EngineConfig(AppConfig):
    name = "sandbox.engine"
    label = "sandbox_engine"
    verbose_name = "Sandbox case engine"
    default_auto_field = "django.db.models.BigAutoField"
