"""A postponement travels to Ropo One and comes back through sync with its confirmation."""

import datetime

import pytest

from integrations import outbox
from integrations.ropo_one.client import RopoOneClient
from integrations.ropo_one.tasks import pull_status_updates
from invoices import postponements
from invoices.models import Invoice, InvoiceStatus, Letter, Stage

pytestmark = pytest.mark.django_db


def sandbox_today(sandbox) -> datetime.date:
    return datetime.date.fromisoformat(sandbox.get("/truth", params={"jobid": "0"}).json()["today"])


def reminded_by_ropo(invoice: Invoice) -> bool:
    """Not a print-service job (jobtype 300): those Ropo never reminds."""
    country, jobid = invoice.upstream_job
    with RopoOneClient(country) as client:
        return client._authed("GET", "/rest/jobs", params={"jobid": jobid}).json()["jobtype"] != 300


def test_a_new_due_date_reaches_upstream_and_delays_the_reminder(fresh_sandbox, debtor):
    pull_status_updates("FI")
    today = sandbox_today(fresh_sandbox)
    invoice = next(
        i
        for i in Invoice.objects.filter(
            country="FI", status=InvoiceStatus.OPEN, stage=Stage.INVOICE
        ).order_by("-due_date")
        if reminded_by_ropo(i)
    )
    choice = postponements.postponement_offer(invoice, today=today)
    assert choice.allowed, choice.refusal
    new_due = choice.dates[-1]
    postponements.postpone_due_date(invoice, new_due_date=new_due, actor=debtor, today=today)
    assert outbox.relay_due() == 1
    invoice.refresh_from_db()
    assert invoice.due_date == new_due
    assert invoice.letters.filter(kind=Letter.Kind.POSTPONEMENT_CONFIRMATION).count() == 1

    # A week after the old reminder day nothing has happened; after the new date it has.
    days_to_new_due = (new_due - today).days
    assert fresh_sandbox.post("/clock/advance", json={"days": days_to_new_due}).status_code == 200
    pull_status_updates("FI")
    invoice.refresh_from_db()
    assert invoice.stage == Stage.INVOICE
    assert fresh_sandbox.post("/clock/advance", json={"days": 8}).status_code == 200
    pull_status_updates("FI")
    invoice.refresh_from_db()
    assert invoice.stage == Stage.REMINDER
