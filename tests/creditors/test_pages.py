"""Assignments, the case page, reporting events and API tokens in the browser-facing pages."""

import csv
import datetime
import io

import pytest

from creditors.models import ApiToken
from creditors.services import token_digest
from integrations.models import OutboxEvent
from invoices.models import ReportedPayment
from tests.conftest import log_in, make_creditor_cases

pytestmark = pytest.mark.django_db


def base(creditor) -> str:
    return f"/creditor/{creditor.public_id}"


@pytest.fixture
def manager(client, creditor_manager):
    return log_in(client, creditor_manager, how="passkey")


def test_assignments_are_filtered_by_debtor_name_and_stage(manager, creditor):
    response = manager.get(f"{base(creditor)}/assignments/?debtor_name=person 1")
    assert [c.invoice_number for c in response.context["page"]] == ["INV-9002"]
    response = manager.get(f"{base(creditor)}/assignments/?stage=legal")
    assert response.context["page"].paginator.count == 0


def test_a_reversed_date_range_is_refused_with_a_message(manager, creditor):
    response = manager.get(f"{base(creditor)}/assignments/?due_from=2026-05-01&due_to=2026-01-01")
    assert response.status_code == 400
    assert "before its start" in response.content.decode()


def test_the_list_needs_a_constant_number_of_queries(manager, creditor):
    """The same number of queries for 3 cases as for 33 (whatever the session backend adds:
    the embedded database's cache reads the session with one more query than Redis)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.invoices import snapshots

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert manager.get(f"{base(creditor)}/assignments/").status_code == 200
        return len(captured)

    manager.get(f"{base(creditor)}/assignments/")
    few = queries()
    make_creditor_cases(snapshots.CREDITOR, range(9201, 9231))
    assert queries() == few <= 22


def test_the_csv_export_streams_every_matching_case(manager, creditor, other_creditor):
    response = manager.get(f"{base(creditor)}/assignments.csv?stage=reminder")
    assert response.status_code == 200 and response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:2] == ["myropo_id", "invoice_number"]
    assert sorted(r[1] for r in rows[1:]) == ["INV-9001", "INV-9002", "INV-9003"]


def test_the_case_page_shows_the_timeline(manager, creditor):
    case = creditor.invoices.order_by("pk").first()
    html = manager.get(f"{base(creditor)}/assignments/{case.myropo_id}/").content.decode()
    assert "What has happened" in html and "Reminder" in html


def test_a_manager_reports_a_direct_payment(manager, creditor):
    case = creditor.invoices.order_by("pk").first()
    data = {"type": "paid", "amount": "20.00", "booked_at": datetime.date.today().isoformat()}
    response = manager.post(f"{base(creditor)}/assignments/{case.myropo_id}/events/", data)
    assert response.status_code == 302
    payment = ReportedPayment.objects.get()
    assert (payment.invoice, str(payment.amount)) == (case, "20.00")
    assert OutboxEvent.objects.count() == 1


def test_a_future_booking_date_is_refused_and_nothing_is_written(manager, creditor):
    case = creditor.invoices.order_by("pk").first()
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    data = {"type": "credit_note", "amount": "1.00", "booked_at": tomorrow.isoformat()}
    response = manager.post(f"{base(creditor)}/assignments/{case.myropo_id}/events/", data)
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert not ReportedPayment.objects.exists() and not OutboxEvent.objects.exists()


def test_a_viewer_cannot_report_events(client, creditor_viewer, creditor):
    log_in(client, creditor_viewer, how="passkey")
    case = creditor.invoices.order_by("pk").first()
    data = {"type": "paid", "amount": "1.00", "booked_at": "2026-11-01"}
    response = client.post(f"{base(creditor)}/assignments/{case.myropo_id}/events/", data)
    assert response.status_code == 403
    assert not ReportedPayment.objects.exists()


def test_events_on_another_creditors_case_answer_404(manager, creditor, other_creditor):
    theirs = other_creditor.invoices.get()
    data = {"type": "paid", "amount": "1.00", "booked_at": "2026-11-01"}
    response = manager.post(f"{base(creditor)}/assignments/{theirs.myropo_id}/events/", data)
    assert response.status_code == 404
    assert not ReportedPayment.objects.exists()


def test_a_new_token_is_shown_once_and_stored_hashed(manager, creditor):
    response = manager.post(f"{base(creditor)}/tokens/", {"name": "ERP", "scope": "read_write"})
    assert response.status_code == 200
    key = response.context["new_key"]
    token = ApiToken.objects.get()
    assert token.digest == token_digest(key) and key in response.content.decode()
    assert key not in manager.get(f"{base(creditor)}/tokens/").content.decode()


def test_a_revoked_token_stops_working(manager, creditor):
    manager.post(f"{base(creditor)}/tokens/", {"name": "ERP", "scope": "read"})
    token = ApiToken.objects.get()
    response = manager.post(f"{base(creditor)}/tokens/{token.public_id}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_another_creditors_token_cannot_be_revoked(manager, creditor, other_creditor):
    from creditors.services import create_api_token

    theirs, _key = create_api_token(other_creditor, name="theirs", scope="read")
    response = manager.post(f"{base(creditor)}/tokens/{theirs.public_id}/revoke/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_a_token_without_a_name_is_refused(manager, creditor):
    response = manager.post(f"{base(creditor)}/tokens/", {"name": "", "scope": "read"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_csv_export_defuses_spreadsheet_formulas(manager, creditor):
    from invoices.models import DebtorParty

    DebtorParty.objects.filter(invoices__invoice_number="INV-9001").update(name="=HYPERLINK(1)")
    response = manager.get(f"{base(creditor)}/assignments.csv?invoice_number=INV-9001")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][2] == "'=HYPERLINK(1)"
