"""A creditor's reported payment goes to the sandbox's Ropo One and the balance follows."""

import datetime
from decimal import Decimal

import pytest

from creditors.services import create_api_token
from integrations import outbox
from integrations.models import OutboxEvent
from integrations.ropo_one.tasks import pull_status_updates
from invoices.models import Invoice, InvoiceStatus, ReportedPayment

pytestmark = pytest.mark.django_db


def test_a_paid_event_from_the_api_is_booked_upstream_and_lowers_the_balance(fresh_sandbox, client):
    pull_status_updates("FI")
    case = (
        Invoice.objects.filter(country="FI", status=InvoiceStatus.OPEN, balance__gt=20)
        .order_by("upstream_id")
        .first()
    )
    before = case.balance
    _token, key = create_api_token(case.creditor, name="erp", scope="read_write")
    body = {"type": "paid", "amount": "10.00", "booked_at": datetime.date.today().isoformat()}
    response = client.post(
        f"/api/v1/assignments/{case.myropo_id}/events/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_IDEMPOTENCY_KEY="erp-payment-1",
    )
    assert response.status_code == 201
    assert outbox.relay_due() == 1
    assert OutboxEvent.objects.get().status == OutboxEvent.Status.DELIVERED
    assert ReportedPayment.objects.get().status == ReportedPayment.Status.CONFIRMED
    case.refresh_from_db()
    assert case.balance == before - Decimal("10.00")
    detail = client.get(
        f"/api/v1/assignments/{case.myropo_id}/", HTTP_AUTHORIZATION=f"Bearer {key}"
    ).json()
    assert detail["balance"] == str(case.balance)
