"""Background work of the creditor portal."""

import logging

from celery import shared_task

from creditors import services
from invoices.models import Creditor

logger = logging.getLogger(__name__)


@shared_task
def refresh_case_figures_task() -> int:
    """Rebuild every creditor's stored dashboard figures (beat runs this every few minutes)."""
    refreshed = 0
    for creditor in Creditor.objects.order_by("pk").iterator():
        services.refresh_case_figures(creditor)
        refreshed += 1
    return refreshed


@shared_task
def forget_old_idempotency_records_task() -> int:
    return services.forget_old_idempotency_records()
