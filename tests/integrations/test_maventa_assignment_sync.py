"""Maventa's assignment list, read as documented: `page`/`per_page`, newest first.

The walk goes from page 1 down to what the last complete walk saw first; new assignments
arriving at the top meanwhile push the others down (read twice, handled once, none skipped).
Each assignment links to its case through the documented `invoice_id`/`reference_ids`.
"""

import datetime
import uuid

import httpx
import pytest

from creditors.models import Transfer
from integrations.maventa import tasks
from integrations.maventa.client import AssignmentPage, MaventaClient
from integrations.maventa.payloads import Assignment, assignment
from integrations.models import SyncCursor
from invoices.models import Invoice

pytestmark = pytest.mark.django_db


def an_assignment(number: int, invoice_id: uuid.UUID | None = None) -> Assignment:
    return assignment(
        {
            "id": str(uuid.UUID(int=number)),
            "invoice_id": str(invoice_id) if invoice_id else None,
            "reference_ids": [str(invoice_id)] if invoice_id else [],
            "collection_status": "reminder_sent",
        }
    )


class GrowingMaventa:
    """Newest first, numbered pages; `arrive(page)` says how many new assignments land at the
    top just before that page is read."""

    def __init__(self, n: int, arrive=lambda page: 0):
        self.rows = [an_assignment(i) for i in range(n, 0, -1)]  # newest first
        self.next_number, self.arrive, self.calls = n + 1, arrive, []

    def add(self, count: int) -> None:
        new = [an_assignment(self.next_number + i) for i in range(count)]
        self.next_number += count
        self.rows = new[::-1] + self.rows

    def assignments(self, *, page: int, per_page: int) -> AssignmentPage:
        self.add(self.arrive(page))
        self.calls.append(page)
        chunk = self.rows[(page - 1) * per_page : page * per_page]
        following = page + 1 if page * per_page < len(self.rows) else None
        return AssignmentPage(chunk, len(self.rows), page, per_page, following)


@pytest.fixture
def handled(monkeypatch):
    """Every assignment id handed to the linking, in order."""
    seen: list[int] = []
    monkeypatch.setattr(tasks, "link", lambda items: seen.extend(a.id.int for a in items) or 0)
    return seen


def test_assignments_arriving_during_the_walk_skip_and_double_nothing(handled):
    maventa = GrowingMaventa(1000, arrive=lambda page: 37 if page > 1 else 0)

    tasks._pull(maventa)

    assert sorted(handled) == sorted(set(handled))  # none twice
    assert set(range(1, 1001)) <= set(handled)  # none of those there at the start skipped
    assert maventa.calls[-1] > 10  # read to the end: the pushed-down items came again


def test_the_next_walk_stops_at_what_the_last_one_saw_first(handled):
    maventa = GrowingMaventa(450)
    tasks._pull(maventa)
    handled.clear()
    maventa.calls.clear()
    maventa.add(130)

    tasks._pull(maventa)

    assert sorted(handled) == list(range(451, 581))
    assert maventa.calls == [1, 2]
    tasks._pull(maventa)
    assert maventa.calls == [1, 2, 1]


def test_a_walk_cut_short_goes_on_from_its_page_with_the_old_mark(handled, monkeypatch):
    maventa = GrowingMaventa(300)
    tasks._pull(maventa)
    maventa.add(350)
    handled.clear()
    monkeypatch.setattr(tasks, "MAX_PAGES_PER_RUN", 2)

    tasks._pull(maventa)
    maventa.add(5)
    tasks._pull(maventa)
    monkeypatch.setattr(tasks, "MAX_PAGES_PER_RUN", 100)
    tasks._pull(maventa)

    assert set(handled) == set(range(301, 656))
    state = SyncCursor.objects.get(name=tasks.CURSOR).value
    assert str(uuid.UUID(int=655)) in state


def test_an_assignment_links_to_its_case_through_the_documented_invoice_id(creditor):
    case = Invoice.objects.filter(creditor=creditor).first()
    maventa_invoice = uuid.uuid4()
    Transfer.objects.create(
        creditor=creditor,
        maventa_invoice_id=maventa_invoice,
        invoice_number=case.invoice_number,
        due_date=datetime.date(2026, 1, 1),
        collection_type="reminder_and_collection",
        receivables_type="b2c",
        payers=[],
        summary="x",
        status=Transfer.Status.SENT,
    )
    other = an_assignment(7)  # no transfer here, no case carries its id: left alone

    assert tasks.link([an_assignment(5, maventa_invoice), other]) == 1

    case.refresh_from_db()
    assert case.maventa_assignment_id == uuid.UUID(int=5)
    assert case.collection_status == "reminder_sent"
    assert Invoice.objects.filter(maventa_assignment_id=other.id).count() == 0
    assert tasks.link([an_assignment(5, maventa_invoice)]) == 0


def test_the_client_reads_the_documented_paging_headers(settings):
    def maventa(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/token":
            body = {"access_token": "t", "token_type": "bearer", "expires_in": 3600}
            return httpx.Response(200, json={**body, "scope": "receivables:assignments"})
        assert dict(request.url.params) == {"page": "2", "per_page": "2"}
        headers = {"X-Total": "5", "X-Page": "2", "X-Next-Page": "3", "X-Prev-Page": "1"}
        items = [{"id": str(uuid.UUID(int=3)), "reference_ids": ["not-a-uuid"]}]
        return httpx.Response(200, json=items, headers=headers)

    transport = httpx.MockTransport(maventa)
    with MaventaClient(base_url="http://maventa", transport=transport) as client:
        page = client.assignments(page=2, per_page=2)

    assert (page.next_page, page.last, page.total) == (3, False, 5)
    assert page.items[0].invoice_ids == set()
