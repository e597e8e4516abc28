"""Log lines that can be followed: one JSON object a line, a request id from the web request
into the tasks it enqueues and the outbox deliveries it causes."""

import io
import json
import logging
from decimal import Decimal

import pytest
from celery import signals
from django.utils import timezone

from integrations import outbox
from integrations.models import OutboxEvent
from myropo import logs
from myropo.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the production console handler writes, one parsed JSON object a line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.RequestIdFilter())
    handler.setFormatter(logs.JsonLineFormatter())
    loggers = [logging.getLogger(), logging.getLogger("django")]  # "django" does not propagate
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


def test_every_response_carries_a_fresh_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_our_proxys_request_id_is_kept_and_a_forged_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"] == "lb-1234abcd"
    forged = 'x" "level": "ERROR'
    assert client.get("/healthz", HTTP_X_REQUEST_ID=forged)["X-Request-ID"] != forged


def test_a_log_line_of_a_request_is_one_json_object_with_its_request_id(client, log_lines):
    response = client.get("/nothing-here-at-all/")
    lines = [line for line in log_lines() if line["logger"] == "django.request"]
    assert lines, log_lines()
    assert lines[-1]["request_id"] == response["X-Request-ID"]
    assert lines[-1]["level"] == "WARNING"
    assert "Not Found" in lines[-1]["message"]


def test_a_task_published_in_a_request_carries_its_request_id():
    # The signal Celery sends with every message's headers before it goes to the broker.
    headers: dict = {}
    with logs.bound("req-from-web-1"):
        signals.before_task_publish.send(sender="some.task", headers=headers, body=None)
    assert headers[logs.TASK_HEADER] == "req-from-web-1"


def test_a_worker_logs_under_the_request_id_the_task_was_sent_with(log_lines):
    @app.task(name="tests.operations.log_something")
    def log_something():
        logging.getLogger("tests.worker").warning("working")
        return logs.current_request_id()

    assert log_something.apply(headers={logs.TASK_HEADER: "req-from-web-2"}).get() == (
        "req-from-web-2"
    )
    line = next(line for line in log_lines() if line["message"] == "working")
    assert line["request_id"] == "req-from-web-2"
    assert logs.current_request_id() == ""  # nothing left bound after the task


def test_an_outbox_delivery_logs_under_the_request_id_that_wrote_the_event(
    settings, log_lines, fresh_sandbox
):
    from integrations.ropo_one.tasks import pull_status_updates
    from invoices.models import Invoice
    from invoices.services import report_direct_payment

    pull_status_updates("FI")
    invoice = Invoice.objects.filter(country="FI", balance__gt=20).order_by("upstream_id").first()
    with logs.bound("req-agent-3"):
        report_direct_payment(invoice, amount=Decimal("5.00"), paid_on=timezone.localdate())
    event = OutboxEvent.objects.get()
    assert event.request_id == "req-agent-3"
    settings.OUTBOX_MAX_ATTEMPTS = 1
    settings.ROPO_ONE_URLS = dict.fromkeys(settings.ROPO_ONE_URLS, "http://127.0.0.1:9/x")
    outbox.relay_due()
    dead = [line for line in log_lines() if "is a dead letter" in line["message"]]
    assert [line["request_id"] for line in dead] == ["req-agent-3"]
