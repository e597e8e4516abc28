"""A dispute travels to Ropo One through the outbox: the case is held, then released."""

from decimal import Decimal

import pytest

from integrations import outbox
from integrations.ropo_one.tasks import pull_status_updates
from invoices import disputes
from invoices.models import Invoice, InvoiceStatus, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def synced(fresh_sandbox):
    pull_status_updates("FI")
    return fresh_sandbox


def upstream(sandbox, invoice: Invoice) -> dict:
    jobid = invoice.upstream_id.split(":", 1)[1]
    response = sandbox.get("/truth", params={"country": "FI", "jobid": jobid})
    (case,) = response.json()["cases"]
    return case


def advance(sandbox, days: int) -> None:
    assert sandbox.post("/clock/advance", json={"days": days}).status_code == 200


def test_a_disputed_case_is_held_upstream_and_resumes_after_the_answer(synced, debtor, agent):
    invoice = (
        Invoice.objects.filter(country="FI", status=InvoiceStatus.OPEN, stage=Stage.INVOICE)
        .order_by("upstream_id")
        .first()
    )
    dispute = disputes.open_dispute(
        invoice,
        scope="part",
        amount=Decimal("5.00"),
        reason="The last row was never delivered.",
        uploads=[],
        actor=debtor,
    )
    assert outbox.relay_due() == 1
    invoice.refresh_from_db()
    assert invoice.collection_paused is True
    held = upstream(synced, invoice)
    assert held["on_hold"] is True

    advance(synced, 90)  # far past every step's date: a held case takes none
    after = upstream(synced, invoice)
    assert (after["stage"], after["version"], after["fees"]) == (
        held["stage"],
        held["version"],
        held["fees"],
    )

    disputes.resolve_dispute(dispute, outcome="rejected", answer="Delivered on 3 May.", actor=agent)
    assert outbox.relay_due() == 1
    invoice.refresh_from_db()
    assert invoice.collection_paused is False
    assert upstream(synced, invoice)["on_hold"] is False

    advance(synced, 30)  # the stage's waiting time starts again from the release
    assert upstream(synced, invoice)["stage"] != held["stage"]
    pull_status_updates("FI")
    invoice.refresh_from_db()
    assert invoice.stage != Stage.INVOICE


def test_delivering_the_same_hold_twice_changes_nothing_more(synced, debtor):
    from integrations.models import OutboxEvent

    invoice = Invoice.objects.filter(country="FI", status=InvoiceStatus.OPEN).first()
    disputes.open_dispute(
        invoice, scope="all", amount=None, reason="Not my order at all.", uploads=[], actor=debtor
    )
    event = OutboxEvent.objects.get()
    assert outbox.relay_due() == 1
    version = upstream(synced, invoice)["version"]
    from integrations.ropo_one.outbox import deliver_dispute

    deliver_dispute(event)  # a redelivery after a lost answer
    assert upstream(synced, invoice)["version"] == version
