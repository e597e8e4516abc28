"""A flood of forged or replayed redirects and callbacks leaves a bounded record, and a genuine
callback after it still books."""

import pytest

from accounts.models import AuditEntry
from payments.models import GatewayNotice, Payment
from tests.payments.conftest import callback_urls, press
from tests.payments.test_callbacks import bookings, started, tampered

pytestmark = pytest.mark.django_db


def refused_rows() -> int:
    audited = AuditEntry.objects.filter(action__startswith="payment.notice")
    return GatewayNotice.objects.count() + audited.count()


def test_a_thousand_forged_callbacks_leave_a_bounded_record_and_a_genuine_one_still_books(
    client, debtor, open_invoice, gateway, settings
):
    payment = started(client, debtor, open_invoice)
    press(gateway, payment.href)
    (callback,) = callback_urls(gateway, payment.transaction_id)
    forged = tampered(callback, **{"checkout-amount": "1"})

    answers = {client.get(forged).status_code for _ in range(1000)}

    assert answers == {400}
    kept = settings.PAYMENT_NOTICES_KEPT_PER_CLIENT
    assert GatewayNotice.objects.filter(outcome="bad signature").count() == kept
    assert AuditEntry.objects.filter(action="payment.notice_refused").count() == kept
    assert AuditEntry.objects.filter(action="payment.notices_dropped").count() == 1
    assert client.get(callback).status_code == 200
    assert bookings() == 1
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID


def test_forged_callbacks_from_many_addresses_stop_at_the_sites_budget(
    client, debtor, open_invoice, gateway, settings
):
    settings.PAYMENT_NOTICES_KEPT_PER_CLIENT = 3
    settings.PAYMENT_NOTICES_KEPT_PER_SITE = 40
    payment = started(client, debtor, open_invoice)
    press(gateway, payment.href)
    (callback,) = callback_urls(gateway, payment.transaction_id)
    forged = tampered(callback, **{"checkout-status": "fail"})

    for n in range(400):
        address = f"198.51.100.{n % 100}" if n < 200 else f"2001:db8:{n}::1"
        assert client.get(forged, REMOTE_ADDR=address).status_code == 400

    assert GatewayNotice.objects.count() <= 40
    assert refused_rows() <= 2 * 40 + 1
    assert client.get(callback).status_code == 200
    assert bookings() == 1


def test_replays_of_a_booked_callback_answer_ok_and_leave_a_bounded_record(
    client, debtor, open_invoice, gateway, settings
):
    settings.PAYMENT_NOTICES_KEPT_PER_CLIENT = 5
    payment = started(client, debtor, open_invoice)
    press(gateway, payment.href)
    (callback,) = callback_urls(gateway, payment.transaction_id)

    answers = {client.get(callback).status_code for _ in range(60)}

    assert answers == {200}
    assert bookings() == 1
    assert GatewayNotice.objects.filter(outcome__startswith="ignored").count() == 5
