"""WSGI entry point: ``gunicorn sandbox.wsgi`` from the repository root."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

if not os.environ.get("DJANGO_SETTINGS_MODULE", "").startswith("sandbox."):
    os.environ["DJANGO_SETTINGS_MODULE"] = "sandbox.settings"

application = get_wsgi_application()
