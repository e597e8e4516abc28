import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEntry
from invoices.models import Creditor, DebtorParty, Invoice, InvoiceRow, Letter, ReportedPayment
from invoices.services import apply_case_updates
from tests.invoices.snapshots import case, debtor, newer

pytestmark = pytest.mark.django_db


def replica_state():
    invoices = list(
        Invoice.objects.order_by("upstream_id").values(
            "upstream_id",
            "myropo_id",
            "balance",
            "stage",
            "status",
            "upstream_version",
            "debtor_id",
        )
    )
    rows = list(
        InvoiceRow.objects.order_by("invoice_id", "position").values_list("invoice_id", "total")
    )
    letters = list(Letter.objects.order_by("upstream_id").values_list("upstream_id", "kind"))
    return invoices, rows, letters, DebtorParty.objects.count(), Creditor.objects.count()


def test_applying_a_batch_creates_the_cases_with_their_rows_and_letters():
    result = apply_case_updates([case(1), case(2, person=1)])
    assert (result.applied, result.unchanged, result.skipped) == (2, 0, 0)
    invoice = Invoice.objects.get(upstream_id="FI:1")
    assert invoice.balance == Decimal("105.50")
    assert invoice.creditor.name == "Lumo Energia Oy"
    assert invoice.debtor.identity_code == "131052-308T"
    assert invoice.rows.count() == 1
    assert sorted(invoice.letters.values_list("kind", flat=True)) == ["invoice", "reminder"]
    assert DebtorParty.objects.count() == 2


def test_applying_the_same_updates_twice_leaves_the_same_state():
    batch = [case(n, person=n) for n in range(1, 5)]
    apply_case_updates(batch)
    first = replica_state()
    result = apply_case_updates(batch)
    assert result.applied == 0 and result.unchanged == 4
    assert replica_state() == first


def test_an_older_snapshot_never_overwrites_a_newer_one():
    current = newer(case(1), stage="collection", balance=Decimal("150.00"), fees=Decimal("49.50"))
    apply_case_updates([current])
    apply_case_updates([case(1)])  # version 1 arrives late
    invoice = Invoice.objects.get(upstream_id="FI:1")
    assert (invoice.stage, invoice.balance, invoice.upstream_version) == (
        "collection",
        Decimal("150.00"),
        2,
    )


def test_within_a_batch_the_newest_version_of_a_case_wins():
    old, new = (
        case(1),
        newer(case(1), status="paid", balance=Decimal("0.00"), paid=Decimal("105.50")),
    )
    apply_case_updates([new, old])
    assert Invoice.objects.get().status == "paid"


def test_a_newer_snapshot_updates_amounts_rows_and_adds_only_new_letters():
    apply_case_updates([case(1)])
    letter = Letter.objects.get(upstream_id="1-1")
    later = newer(
        case(1),
        stage="collection",
        letters=case(1).letters
        + (replace(case(1).letters[0], upstream_id="1-3", kind="collection"),),
    )
    apply_case_updates([later])
    assert Letter.objects.filter(invoice__upstream_id="FI:1").count() == 3
    assert Letter.objects.get(upstream_id="1-1").pk == letter.pk
    assert InvoiceRow.objects.count() == 1


def test_a_newer_snapshot_with_the_same_rows_and_letters_keeps_them():
    apply_case_updates([case(1), case(2, person=2)])
    before = replica_state()
    apply_case_updates([newer(case(1), stage="collection", fees=Decimal("29.00"))])
    invoices, rows, letters, *_ = replica_state()
    assert Invoice.objects.get(upstream_id="FI:1").fees == Decimal("29.00")
    assert (rows, letters) == before[1:3]
    assert InvoiceRow.objects.filter(invoice__upstream_id="FI:1").count() == 1


def test_the_myropo_id_stays_when_the_case_changes():
    apply_case_updates([case(1)])
    before = Invoice.objects.get().myropo_id
    apply_case_updates([newer(case(1), stage="collection")])
    assert Invoice.objects.get().myropo_id == before


def test_a_case_whose_debtor_identity_is_invalid_is_skipped():
    bad = case(1, debtor=debtor(0, identity_code="131052-308U"))
    result = apply_case_updates([bad, case(2)])
    assert (result.applied, result.skipped) == (1, 1)
    assert list(Invoice.objects.values_list("upstream_id", flat=True)) == ["FI:2"]


def test_the_same_person_in_two_ways_of_writing_is_one_debtor():
    apply_case_updates([case(1), case(2, debtor=debtor(0, identity_code="131052-308t"))])
    assert DebtorParty.objects.count() == 1


def test_query_count_does_not_grow_with_the_batch():
    def queries_for(batch):
        with CaptureQueriesContext(connection) as ctx:
            apply_case_updates(batch)
        return len(ctx.captured_queries)

    # SQLite caps the variables per statement, so Django splits big inserts there; PostgreSQL
    # takes a whole feed page (1000 cases) in one statement.
    size = 1000 if connection.vendor == "postgresql" else 30
    small = queries_for([case(n, person=n) for n in range(1, 6)])
    large = queries_for([case(n, person=n) for n in range(100, 100 + size)])
    assert large == small
    assert small <= 16
    # The same cases changed again (amounts only): fewer statements, still not per case.
    small_again = queries_for(
        [newer(case(n, person=n), fees=Decimal("29.00")) for n in range(1, 6)]
    )
    large_again = queries_for(
        [newer(case(n, person=n), fees=Decimal("29.00")) for n in range(100, 100 + size)]
    )
    assert large_again == small_again < small


def test_one_audit_entry_per_applied_batch():
    apply_case_updates([case(1), case(2)])
    apply_case_updates([case(1), case(2)])
    entries = AuditEntry.objects.filter(action="sync.applied")
    assert entries.count() == 1
    assert entries.get().data["applied"] == 2


def test_a_reported_payment_is_confirmed_once_the_replica_reaches_its_booking():
    apply_case_updates([case(1)])
    invoice = Invoice.objects.get()
    payment = ReportedPayment.objects.create(
        invoice=invoice,
        amount=Decimal("50.00"),
        paid_on=datetime.date(2026, 11, 1),
        status=ReportedPayment.Status.SENT,
        upstream_version=3,
    )
    apply_case_updates([newer(case(1))])  # version 2: booked at 3, not yet in the replica
    payment.refresh_from_db()
    assert payment.status == ReportedPayment.Status.SENT
    apply_case_updates([case(1, version=3, balance=Decimal("55.50"), paid=Decimal("50.00"))])
    payment.refresh_from_db()
    assert payment.status == ReportedPayment.Status.CONFIRMED


def test_a_payment_booked_at_a_version_the_replica_already_passed_is_confirmed():
    apply_case_updates([case(1, version=5)])
    payment = ReportedPayment.objects.create(
        invoice=Invoice.objects.get(),
        amount=Decimal("5.00"),
        paid_on=datetime.date(2026, 11, 1),
        status=ReportedPayment.Status.SENT,
        upstream_version=4,
    )
    apply_case_updates([case(1, version=4)])  # the snapshot read after booking, overtaken
    payment.refresh_from_db()
    assert payment.status == ReportedPayment.Status.CONFIRMED
