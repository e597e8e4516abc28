from celery import shared_task

from accounts import delegation


@shared_task
def expire_grants_task() -> int:
    return delegation.expire_grants()
