"""Twenty copies of the same callback at the same moment, against a live server: booked once.

The row lock (`SELECT ... FOR UPDATE`) and the unique booking matter only where requests really
run in parallel on separate connections: PostgreSQL (CI sets DATABASE_URL). SQLite in memory
serialises everything through one connection, so the test needs PostgreSQL.
"""

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from django.db import connection

from invoices.models import ReportedPayment
from payments.models import Booking, GatewayNotice, Payment
from tests.conftest import log_in
from tests.payments.conftest import callback_urls, local, press, start_payment

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"
    ),
]


def test_twenty_concurrent_callbacks_book_once(client, debtor, open_invoice, gateway, live_server):
    log_in(client, debtor)
    href = start_payment(client, open_invoice)["Location"]
    redirect = press(gateway, href)
    payment = Payment.objects.get()
    (callback,) = callback_urls(gateway, payment.transaction_id)
    urls = [live_server.url + callback] * 19 + [live_server.url + local(redirect)]

    with httpx.Client(timeout=30) as http, ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda url: http.get(url).status_code, urls))

    assert answers.count(200) == 19 and answers.count(302) == 1
    assert ReportedPayment.objects.count() == 1
    assert Booking.objects.count() == 1
    assert GatewayNotice.objects.filter(payment=payment).count() == 20
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
