"""Payments and plans kept honest on a schedule (beat: re-check every minute, plans hourly)."""

from celery import shared_task
from django.utils import timezone

from payments.plan_services import check_plans
from payments.services import recheck_unconfirmed_payments


@shared_task
def check_plans_task() -> dict[str, int]:
    return check_plans(today=timezone.localdate())


@shared_task
def recheck_unconfirmed_payments_task() -> dict[str, int]:
    return recheck_unconfirmed_payments()
