"""Contract tests of the Ropo One and Maventa clients against the sandbox on loopback."""

from decimal import Decimal

import httpx
import pytest
from django.core.cache import cache

from integrations.http import UpstreamError
from integrations.maventa.client import MaventaClient
from integrations.ropo_one.client import RopoOneClient
from integrations.ropo_one.letters import letter_pdf
from integrations.ropo_one.tasks import pull_status_updates
from invoices.models import Letter

pytestmark = pytest.mark.django_db


def test_the_token_is_fetched_once_and_shared_through_the_cache(sandbox):
    with RopoOneClient("FI") as client:
        client.status_updates(billnum="no-such-invoice")
        token = client.tokens.get()
    assert token
    with RopoOneClient("FI") as other:
        assert other.tokens.get() == token


def test_a_rejected_token_is_renewed_once(sandbox):
    with RopoOneClient("SE") as client:
        client.tokens.put("not-a-valid-token", 3600)
        client.find_by_end_customer("19750206-2297")
        assert client.tokens.get() != "not-a-valid-token"


def test_wrong_credentials_are_a_permanent_error(sandbox):
    with RopoOneClient("FI", apicode="wrong") as client, pytest.raises(UpstreamError) as caught:
        client.fetch_token()
    assert caught.value.permanent
    assert caught.value.status == 400


def test_an_unreachable_host_is_worth_retrying(settings):
    client = RopoOneClient("FI", base_url="http://127.0.0.1:9/fi")
    with client, pytest.raises(UpstreamError) as caught:
        client.fetch_token()
    assert not caught.value.permanent


def test_an_unknown_job_is_a_permanent_error(sandbox):
    with RopoOneClient("FI") as client, pytest.raises(UpstreamError) as caught:
        client.get_job("999999999")
    assert caught.value.permanent


def test_find_by_end_customer_reads_the_documented_jobs(sandbox):
    with RopoOneClient("NO") as client:
        jobs = client.find_by_end_customer("29116836635")
    assert jobs
    for job in jobs:
        assert job.case_number and job.invoice_number and job.open_amount is not None
        assert job.status in {"invoicing", "due", "reminder", "collection"}
        assert job.raw["case_number"] == job.case_number


def test_find_by_end_customer_keeps_unknown_fields_and_degrades_on_missing_ones():
    answer = {
        "jobs": [
            {"case_number": 5, "status": "due", "open_amount": 12.5, "new_field": {"x": 1}},
            {"invoice_number": "A-1", "open_amount": "not a number", "case_number": "7"},
        ],
        "more": True,
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/rest/token"):
            return httpx.Response(201, json={"token": "t"})
        return httpx.Response(200, json=answer)

    transport = httpx.MockTransport(handler)
    with RopoOneClient("FI", base_url="http://ropo.test/fi", transport=transport) as client:
        first, second = client.find_by_end_customer("131052-308T")

    assert (first.case_number, first.status, first.open_amount) == (5, "due", Decimal("12.50"))
    assert first.raw["new_field"] == {"x": 1}
    assert (second.case_number, second.open_amount, second.invoice_number) == (None, None, "A-1")
    assert second.my_ropo_link == "" and second.original_invoice_date is None


def test_find_by_end_customer_refuses_an_answer_without_a_jobs_list():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/rest/token"):
            return httpx.Response(201, json={"token": "t"})
        return httpx.Response(200, json=[{"case_number": 5}])

    transport = httpx.MockTransport(handler)
    client = RopoOneClient("FI", base_url="http://ropo.test/fi", transport=transport)
    with client, pytest.raises(UpstreamError) as caught:
        client.find_by_end_customer("131052-308T")
    assert not caught.value.permanent


def test_maventa_pages_carry_totals(sandbox):
    with MaventaClient() as client:
        first = client.assignments(page=1, per_page=2)
    assert len(first.items) <= 2
    assert first.total >= len(first.items)


def test_maventa_refuses_wrong_credentials_permanently(sandbox):
    with MaventaClient(api_key="wrong") as client, pytest.raises(UpstreamError) as caught:
        client.fetch_token()
    assert caught.value.permanent


def test_a_letter_pdf_is_fetched_once_then_served_from_the_archive(fresh_sandbox, settings):
    pull_status_updates("FI")
    letter = Letter.objects.select_related("invoice").filter(invoice__country="FI").first()
    content = letter_pdf(letter)
    assert content.startswith(b"%PDF")
    letter.refresh_from_db()
    assert letter.pdf
    cache.clear()
    settings.ROPO_ONE_URLS = {"FI": "http://127.0.0.1:9/fi"}  # upstream gone: the copy serves
    assert letter_pdf(letter) == content
