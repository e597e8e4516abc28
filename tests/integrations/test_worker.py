"""A real Celery worker process runs the sync and the outbox relay (PostgreSQL + Redis)."""

import datetime
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from integrations.models import OutboxEvent
from integrations.ropo_one.tasks import pull_status_updates_task
from invoices.models import Invoice, InvoiceStatus
from invoices.services import report_direct_payment

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def start_worker(fresh_sandbox):
    """Start `celery worker` (plus any extra arguments) against the test database."""
    from myropo.celery import app

    if connection.vendor != "postgresql" or not django_settings.REDIS_URL:
        pytest.skip("the worker shares the test database: needs PostgreSQL and Redis")
    db = connection.settings_dict
    url = fresh_sandbox.url
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "ROPO_ONE_FI_URL": f"{url}/fi",
        "ROPO_ONE_SE_URL": f"{url}/se",
        "ROPO_ONE_NO_URL": f"{url}/no",
        "MAVENTA_URL": f"{url}/maventa",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    processes = []

    def start(*extra: str, log=None, **variables: str) -> subprocess.Popen:
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "myropo",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            *extra,
        ]
        processes.append(subprocess.Popen(command, cwd=ROOT, env={**env, **variables}, stderr=log))
        return processes[-1]

    app.conf.task_always_eager = False
    try:
        yield start
    finally:
        app.conf.task_always_eager = True
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


@pytest.fixture
def worker(start_worker):
    return start_worker()


def test_the_worker_syncs_cases_and_delivers_the_outbox(worker):
    pull_status_updates_task.delay("FI")
    assert wait_for(lambda: Invoice.objects.filter(country="FI").count() > 20)
    invoice = Invoice.objects.filter(status=InvoiceStatus.OPEN, country="FI", balance__gt=5).first()
    report_direct_payment(invoice, amount=Decimal("2.00"), paid_on=datetime.date.today())
    event = OutboxEvent.objects.get()
    assert wait_for(
        lambda: OutboxEvent.objects.get(pk=event.pk).status == OutboxEvent.Status.DELIVERED
    )


def test_beat_alone_brings_the_sandbox_cases_within_a_minute(start_worker, tmp_path):
    """What `make run` promises: start a worker with beat, touch nothing, and the cases come."""
    start_worker("--beat", "--schedule", str(tmp_path / "beat-schedule"))
    assert wait_for(lambda: Invoice.objects.count() >= 150, seconds=75)
    assert set(Invoice.objects.values_list("country", flat=True)) == {"FI", "SE", "NO"}


def test_the_worker_logs_under_the_request_id_the_task_was_sent_with(start_worker, tmp_path):
    from myropo import logs

    log = tmp_path / "worker.log"
    with log.open("wb") as stream:
        start_worker(log=stream, ROPO_ONE_FI_URL="http://127.0.0.1:9/fi")
        with logs.bound("req-sent-from-web-7"):
            pull_status_updates_task.delay("FI")
        assert wait_for(lambda: "status updates failed" in log.read_text())
    line = next(line for line in log.read_text().splitlines() if "status updates failed" in line)
    assert "[req-sent-from-web-7]" in line
