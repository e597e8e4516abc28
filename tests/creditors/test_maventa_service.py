"""Closing the Ropo service in Maventa from the creditor's transfers page (manager only)."""

import pytest

from accounts.models import AuditEntry
from creditors.models import MaventaLink
from creditors.services import add_member
from integrations import outbox
from integrations.models import OutboxEvent
from tests.conftest import log_in
from tests.creditors.test_transfers_upstream import maventa_creditor  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, creditor_user, maventa_creditor):  # noqa: F811
    add_member(creditor_user, maventa_creditor, role="manager")
    return log_in(client, creditor_user, how="passkey")


def close_path(creditor) -> str:
    return f"/creditor/{creditor.public_id}/maventa/close/"


def open_service(manager, creditor) -> MaventaLink:
    page = manager.get(f"/creditor/{creditor.public_id}/transfers/")
    link = MaventaLink.objects.get()
    if link.service_status not in ("active", "pending", "kyc_pending"):
        pytest.skip("the seeded company's Ropo service is not open")
    assert close_path(creditor) in page.content.decode()
    return link


def test_a_manager_closes_the_service_after_confirming(manager, maventa_creditor):  # noqa: F811
    link = open_service(manager, maventa_creditor)
    page = manager.get(close_path(maventa_creditor))
    assert page.status_code == 200
    assert "stay with Ropo until they are settled" in page.content.decode()

    response = manager.post(close_path(maventa_creditor), {"confirm": "on"})

    assert response.status_code == 302
    assert outbox.relay_due() == 1
    link.refresh_from_db()
    assert link.service_status == "closed"
    audit = AuditEntry.objects.get(action="maventa_service.close_requested")
    assert audit.actor is not None
    assert AuditEntry.objects.filter(action="maventa_service.status").exists()
    page = manager.get(f"/creditor/{maventa_creditor.public_id}/transfers/")
    assert close_path(maventa_creditor) not in page.content.decode()


def test_without_the_confirmation_nothing_is_sent(manager, maventa_creditor):  # noqa: F811
    open_service(manager, maventa_creditor)

    response = manager.post(close_path(maventa_creditor), {}, HTTP_ACCEPT_LANGUAGE="fi")

    assert response.status_code == 400
    assert "Vahvista palvelun sulkeminen" in response.content.decode()
    assert not OutboxEvent.objects.exists()


def test_a_closed_service_cannot_be_closed_again(manager, maventa_creditor):  # noqa: F811
    link = open_service(manager, maventa_creditor)
    MaventaLink.objects.filter(pk=link.pk).update(service_status="closed")

    response = manager.post(close_path(maventa_creditor), {"confirm": "on"})

    assert response.status_code == 302
    assert not OutboxEvent.objects.exists()
