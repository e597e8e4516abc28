"""Transfer rules and CSV upload errors, checked before anything goes to Maventa."""

import csv
import datetime
import io

import pytest

from creditors.transfers import CSV_COLUMNS, TransferForm, maventa_invoices, read_csv

TODAY = datetime.date(2026, 11, 22)
INVOICES = maventa_invoices(
    [
        {
            "id": "aaaaaaaa-0000-4000-8000-000000000001",
            "number": "A1",
            "due_date": "2026-11-02",
            "currency": "EUR",
            "sum": "100.00",
            "assignment": None,
        },  # 20 days overdue
        {
            "id": "aaaaaaaa-0000-4000-8000-000000000002",
            "number": "A2",
            "due_date": "2026-11-12",
            "currency": "EUR",
            "sum": "50.00",
            "assignment": None,
        },  # 10 days overdue
        {
            "id": "aaaaaaaa-0000-4000-8000-000000000003",
            "number": "A3",
            "due_date": "2026-10-01",
            "currency": "EUR",
            "sum": "70.00",
            "assignment": {"status": "sent"},
        },  # transferred
    ]
)
PERSON = {
    "payer_type": "person",
    "payer_name": "Maija Meikäläinen",
    "payer_identity_code": "131052-308T",
    "payer_email": "maija@example.com",
    "payer_language": "fi",
    "street": "Mannerheimintie 1",
    "postal_code": "00100",
    "city": "Helsinki",
    "country": "FI",
}


def row(invoice="1", kind="b2c", **changes) -> dict:
    return {
        "invoice_id": f"aaaaaaaa-0000-4000-8000-00000000000{invoice}",
        "collection_type": "reminder_and_collection",
        "receivables_type": kind,
        "summary": "Electricity, October",
        **PERSON,
        **changes,
    }


def form(data) -> TransferForm:
    return TransferForm(data, invoices=INVOICES, today=TODAY)


def test_a_consumer_invoice_20_days_overdue_can_be_transferred():
    f = form(row("1", "b2c"))
    assert f.is_valid(), f.errors
    body = f.transfer_input().body()
    assert body["payers"][0]["identity_code"] == "131052-308T"
    assert body["payers"][0]["address"]["country"] == "FI"


def test_a_consumer_invoice_10_days_overdue_is_too_early():
    f = form(row("2", "b2c"))
    assert not f.is_valid()
    assert "from 2026-11-26" in f.errors["receivables_type"][0]


def test_a_business_invoice_10_days_overdue_can_be_transferred():
    company = {
        "payer_type": "company",
        "payer_name": "Nordic Bytes Oy",
        "payer_identity_code": "2011367-8",
    }
    f = form(row("2", "b2b_rental", **company))
    assert f.is_valid(), f.errors
    assert f.transfer_input().payer["business_id"] == "2011367-8"


def test_a_business_invoice_6_days_overdue_is_too_early():
    f = TransferForm(row("2", "b2b"), invoices=INVOICES, today=datetime.date(2026, 11, 18))
    assert not f.is_valid()
    assert "from 2026-11-19" in f.errors["receivables_type"][0]


def test_an_invoice_already_transferred_or_unknown_is_refused():
    assert "already been transferred" in form(row("3"))["invoice_id"].errors[0]
    assert "no such invoice" in form(row("9"))["invoice_id"].errors[0]


def test_an_identity_code_not_valid_for_the_country_is_refused():
    f = form(row("1", payer_identity_code="131052-308X"))
    assert not f.is_valid() and "payer_identity_code" in f.errors


def csv_bytes(rows: list[dict], columns=CSV_COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_a_good_csv_gives_one_transfer_per_row():
    content = csv_bytes(
        [row("1", "b2c"), row("2", "b2b", payer_type="company", payer_identity_code="2011367-8")]
    )
    inputs, errors = read_csv(content, invoices=INVOICES, today=TODAY)
    assert errors == []
    assert [i.invoice.number for i in inputs] == ["A1", "A2"]


def test_csv_errors_name_the_row_and_the_field():
    content = csv_bytes(
        [
            row("1", "b2c"),
            row("2", "b2c"),  # too early
            row("1", "b2c"),  # the same invoice again
            row("1", "b2c", city="", receivables_type="b2x"),
        ]
    )
    inputs, errors = read_csv(content, invoices=INVOICES, today=TODAY)
    found = {(e.row, e.field) for e in errors}
    assert (3, "receivables_type") in found
    assert (4, "invoice_id") in found
    assert {(5, "city"), (5, "receivables_type")} <= found


def test_a_csv_without_the_columns_says_which_are_missing():
    _inputs, errors = read_csv(b"invoice_id,summary\nx,y\n", invoices=INVOICES, today=TODAY)
    assert errors[0].row == 1 and "payer_name" in errors[0].message


@pytest.mark.parametrize(
    "content, words",
    [(b"\xff\xfe\x00bad", "UTF-8"), (csv_bytes([]), "no rows"), (b"x" * (1024 * 1024 + 1), "1 MB")],
)
def test_unreadable_or_empty_files_are_refused(content, words):
    _inputs, errors = read_csv(content, invoices=INVOICES, today=TODAY)
    assert words in errors[0].message


@pytest.mark.django_db
def test_a_transfer_meeting_another_of_the_same_invoice_is_refused_not_a_500(creditor):
    # The check before the insert passes and the unique constraint then refuses (what two
    # requests at the same moment meet): the same invoice twice in one call shows it.
    from creditors.models import Transfer
    from creditors.services import CreditorActionError, request_transfers

    item = form(row("1", "b2c"))
    assert item.is_valid(), item.errors
    with pytest.raises(CreditorActionError, match="A1"):
        request_transfers(creditor, [item.transfer_input(), item.transfer_input()])
    assert not Transfer.objects.exists()
