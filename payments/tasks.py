"""Payment plans kept honest on a schedule (beat: hourly)."""

from celery import shared_task
from django.utils import timezone

from payments.plan_services import check_plans


@shared_task
def check_plans_task() -> dict[str, int]:
    return check_plans(today=timezone.localdate())
