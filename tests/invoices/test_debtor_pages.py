"""The debtor's pages cost a constant number of queries, however many invoices they have."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from invoices.models import Invoice
from invoices.services import apply_case_updates
from tests.conftest import log_in
from tests.invoices.snapshots import case
from tests.invoices.snapshots import debtor as party

pytestmark = pytest.mark.django_db


def give_invoices(count: int) -> None:
    batch = [case(n, debtor=party(0)) for n in range(1, count + 1)]
    for start in range(0, count, 100):
        apply_case_updates(batch[start : start + 100])


def queries(client, url) -> int:
    client.get(url)  # the first request of a session also records it (usersessions)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["home", "detail"])
def test_pages_cost_the_same_with_5_and_500_invoices(client, debtor, name):
    log_in(client, debtor)

    def url():
        if name == "home":
            return reverse("invoices:home")
        return reverse("invoices:detail", args=[Invoice.objects.first().myropo_id])

    give_invoices(5)
    few = queries(client, url())
    give_invoices(500)
    assert Invoice.objects.count() == 500
    many = queries(client, url())
    assert many == few
    # Sessions and the cache live in the database here; the navigation counts unread
    # threads and asks whether the person has a place in a creditor (one query each), and
    # the detail page reads the creditor's plan policy and exceptions (is a plan possible?).
    assert few <= 28


def test_home_lists_every_open_invoice_and_the_total_per_currency(client, debtor):
    log_in(client, debtor)
    give_invoices(3)
    html = client.get(reverse("invoices:home")).content.decode()
    for invoice in Invoice.objects.all():
        assert reverse("invoices:detail", args=[invoice.myropo_id]) in html
    assert "316.50" in html or "316,50" in html  # 3 x 105.50
