"""Maventa's Ropo receivables service per company: activation on the sandbox clock.

``PUT`` asks for activation (``pending``: Ropo e-mails the agreement wizard). The sandbox takes
the agreement as signed at once and completes the activation after ``ACTIVATION_BUSINESS_DAYS``
business days (Monday to Friday, no holidays) on the sandbox clock; in Finland a KYC check
(``kyc_pending``) takes one more business day. ``DELETE`` closes the service; open assignments
carry on.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from sandbox.engine.clock import sandbox_now
from sandbox.engine.models import Creditor, ReceivablesService

ACTIVATION_BUSINESS_DAYS = 1
KYC_BUSINESS_DAYS = 1
KYC_COUNTRIES = ("FI",)


def business_days_between(start: date, end: date) -> int:
    """Weekdays after ``start`` up to and including ``end``."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        days += day.weekday() < 5
    return days


def _status_after(creditor: Creditor, elapsed: int) -> str:
    if elapsed < ACTIVATION_BUSINESS_DAYS:
        return ReceivablesService.PENDING
    if creditor.country in KYC_COUNTRIES and elapsed < ACTIVATION_BUSINESS_DAYS + KYC_BUSINESS_DAYS:
        return ReceivablesService.KYC_PENDING
    return ReceivablesService.ACTIVE


def refresh_service(creditor: Creditor, now: datetime | None = None) -> Creditor:
    """Move a pending activation forward to what the sandbox clock says by now."""
    waiting = (ReceivablesService.PENDING, ReceivablesService.KYC_PENDING)
    if creditor.receivables_service not in waiting:
        return creditor
    now = now or sandbox_now()
    requested = creditor.agreement_requested_at or creditor.created
    elapsed = business_days_between(timezone.localdate(requested), timezone.localdate(now))
    status = _status_after(creditor, elapsed)
    if status != creditor.receivables_service:
        creditor.receivables_service = status
        if status == ReceivablesService.ACTIVE:
            creditor.receivables_activated_at = now
        creditor.save(update_fields=["receivables_service", "receivables_activated_at"])
    return creditor


def refresh_all_services(now: datetime) -> None:
    waiting = (ReceivablesService.PENDING, ReceivablesService.KYC_PENDING)
    for creditor in Creditor.objects.filter(receivables_service__in=waiting):
        refresh_service(creditor, now)


@transaction.atomic
def request_activation(creditor: Creditor, *, contact_email: str) -> Creditor:
    """Ask for the service (again); an active or waiting service only updates the e-mail."""
    creditor.agreement_contact_email = contact_email
    closed = (ReceivablesService.INACTIVE, ReceivablesService.CLOSED)
    if creditor.receivables_service in closed:
        creditor.receivables_service = ReceivablesService.PENDING
        creditor.agreement_requested_at = sandbox_now()
        creditor.receivables_activated_at = None
    creditor.save()
    return refresh_service(creditor)


@transaction.atomic
def close_service(creditor: Creditor) -> Creditor:
    creditor.receivables_service = ReceivablesService.CLOSED
    creditor.save(update_fields=["receivables_service"])
    return creditor


def service_data(creditor: Creditor) -> dict[str, Any]:
    def moment(value: datetime | None) -> str | None:
        return timezone.localtime(value).isoformat() if value else None

    return {
        "status": creditor.receivables_service,
        "agreement_contact_email": creditor.agreement_contact_email or None,
        "requested_at": moment(creditor.agreement_requested_at),
        "activated_at": moment(creditor.receivables_activated_at),
    }
