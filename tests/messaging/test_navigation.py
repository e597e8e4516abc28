"""The main navigation's "Messages" link and its unread badge."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from messaging import selectors, services
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def answered(owner, invoice, agent, replies=1):
    thread = services.start_thread(owner=owner, invoice=invoice, subject="Fee", body="Why?")
    for _ in range(replies):
        services.post_message(thread, author=agent, body="Because.", from_agent=True)
    return thread


BADGE = (
    'Messages<span class="badge" aria-hidden="true">{n}</span>'
    '<span class="visually-hidden">, {n} unread</span></a>'
)


def test_the_navigation_counts_threads_with_unread_replies(
    client, debtor, own_invoice, others_invoice, other_debtor, agent
):
    answered(debtor, own_invoice, agent, replies=2)
    answered(debtor, None, agent)
    read = answered(debtor, own_invoice, agent)
    services.mark_read(read, by_agent=False)
    answered(other_debtor, others_invoice, agent)  # someone else's: not counted
    log_in(client, debtor)
    html = client.get(reverse("invoices:home")).content.decode()
    assert f'href="{reverse("messaging:inbox")}"' in html
    assert BADGE.format(n=2) in html


def test_the_badge_reads_in_the_persons_language(client, debtor, own_invoice, agent):
    answered(debtor, own_invoice, agent)
    log_in(client, debtor)
    client.cookies["myropo_language"] = "fi"
    html = client.get(reverse("invoices:home")).content.decode()
    assert '<span class="visually-hidden">, 1 lukematon</span>' in html


def test_no_badge_when_every_reply_is_read_and_no_link_when_logged_out(
    client, debtor, own_invoice, agent
):
    html = client.get("/").content.decode()
    assert f'href="{reverse("messaging:inbox")}"' not in html
    services.mark_read(answered(debtor, own_invoice, agent), by_agent=False)
    log_in(client, debtor)
    html = client.get("/").content.decode()
    assert f'<a href="{reverse("messaging:inbox")}">Messages</a>' in html
    assert 'class="badge"' not in html


def test_the_unread_count_is_one_query_however_many_threads(client, debtor, own_invoice, agent):
    for _ in range(5):
        answered(debtor, own_invoice, agent)
    log_in(client, debtor)
    request = client.get("/").wsgi_request
    with CaptureQueriesContext(connection) as ctx:
        assert selectors.unread_threads(request) == 5
    assert len(ctx.captured_queries) == 1
