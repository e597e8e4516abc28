"""A payment plan travels to Ropo One and back; a lapse sends the case back to collection."""

import datetime

import pytest

from integrations import outbox
from integrations.ropo_one.tasks import pull_status_updates
from invoices.models import Invoice, InvoiceStatus, Letter, Stage
from payments import plan_services
from payments.models import PaymentPlan

pytestmark = pytest.mark.django_db


def sandbox_today(sandbox) -> datetime.date:
    return datetime.date.fromisoformat(sandbox.get("/truth", params={"jobid": "0"}).json()["today"])


def upstream(sandbox, invoice) -> dict:
    jobid = invoice.upstream_id.split(":", 1)[1]
    (case,) = sandbox.get("/truth", params={"country": "FI", "jobid": jobid}).json()["cases"]
    return case


def test_an_agreed_plan_moves_the_case_to_payment_plan_and_a_lapse_back_to_collection(
    fresh_sandbox, debtor
):
    pull_status_updates("FI")
    today = sandbox_today(fresh_sandbox)
    invoice = (
        Invoice.objects.filter(
            country="FI", status=InvoiceStatus.OPEN, stage=Stage.COLLECTION, balance__gt=100
        )
        .order_by("upstream_id")
        .first()
    )
    plan = plan_services.agree_payment_plan(
        invoice, count=3, day_of_month=20, expected_total=None, actor=debtor, today=today
    )
    assert outbox.relay_due() == 1
    plan.refresh_from_db()
    assert plan.status == PaymentPlan.Status.ACTIVE
    invoice.refresh_from_db()
    assert invoice.stage == Stage.PAYMENT_PLAN
    assert invoice.letters.filter(kind=Letter.Kind.PLAN_CONFIRMATION).exists()
    held = upstream(fresh_sandbox, invoice)
    assert held["stage"] == "payment_plan"
    # What the plan asks for is exactly what is open upstream (the fee included).
    assert sum(i.amount for i in plan.instalments.all()) == invoice.balance

    plan_services.lapse_plan(plan, today=today)
    assert outbox.relay_due() == 1
    invoice.refresh_from_db()
    assert invoice.stage == Stage.COLLECTION
    assert upstream(fresh_sandbox, invoice)["stage"] == "collection"
