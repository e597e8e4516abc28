"""The Celery app. Tasks live in each app's `tasks.py`; settings are the `CELERY_*` ones."""

import os

from celery import Celery

from myropo import logs  # noqa: F401 - connects the request id to task headers

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myropo.settings")

app = Celery("myropo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
