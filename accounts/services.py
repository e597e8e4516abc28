"""Writes about people and their roles."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

CUSTOMER_SERVICE_GROUP = "Customer service"
CUSTOMER_SERVICE_APPS = ("invoices", "payments", "messaging", "creditors")


@transaction.atomic
def ensure_customer_service_group() -> Group:
    """Create (or refresh) the agents' group with every permission on the case apps."""
    group, _ = Group.objects.get_or_create(name=CUSTOMER_SERVICE_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=CUSTOMER_SERVICE_APPS)
    )
    return group
