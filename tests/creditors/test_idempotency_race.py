"""Two requests with one Idempotency-Key at the same moment: one effect, the same answer."""

import datetime
import threading

import pytest
from django.db import connection

from creditors.services import create_api_token
from invoices.models import ReportedPayment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs concurrent connections")
def test_concurrent_retries_with_one_key_book_once(creditor, settings):
    from django.db import connections
    from django.test import Client

    settings.ROPO_ONE_URLS = dict.fromkeys(("FI", "SE", "NO"), "http://127.0.0.1:9/x")
    _token, key = create_api_token(creditor, name="erp", scope="read_write")
    case = creditor.invoices.order_by("pk").first()
    body = {"type": "paid", "amount": "3.00", "booked_at": datetime.date.today().isoformat()}
    start, answers = threading.Barrier(4), []

    def post():
        try:
            start.wait()
            response = Client().post(
                f"/api/v1/assignments/{case.myropo_id}/events/",
                body,
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {key}",
                HTTP_IDEMPOTENCY_KEY="same-key",
            )
            answers.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ReportedPayment.objects.count() == 1
    assert [status for status, _ in answers] == [201] * 4
    assert all(answer == answers[0][1] for _, answer in answers)  # jsonb may reorder keys
    assert connection.vendor == "postgresql"
