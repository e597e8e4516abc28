"""Polling Ropo One's status updates: no parameter, until 204, each batch stored before the
next call (what a call answers is consumed upstream)."""

import httpx
import pytest

from integrations.ropo_one.client import RopoOneClient
from integrations.ropo_one.tasks import pull_status_updates
from invoices.models import Invoice
from tests.integrations.test_review_fixes import _job

pytestmark = pytest.mark.django_db


def test_the_portal_polls_until_204_storing_each_batch_before_the_next_call(settings):
    settings.ROPO_ONE_APICODE = "x"
    pages = [[_job(1), _job(2)], [_job(3)], [_job(4)]]
    calls = []

    def handler(request):
        if request.url.path.endswith("/rest/token"):
            return httpx.Response(201, json={"token": "t"})
        stored = set(Invoice.objects.values_list("upstream_id", flat=True))
        calls.append((dict(request.url.params), stored))
        if not pages:
            return httpx.Response(204)
        return httpx.Response(200, json={"result": {"status": pages.pop(0)}, "extra": 1})

    client = RopoOneClient(
        "FI", base_url="http://ropo.test/fi", transport=httpx.MockTransport(handler)
    )

    assert pull_status_updates("FI", client=client) == 4
    assert [params for params, _ in calls] == [{}] * 4
    assert [stored for _, stored in calls] == [
        set(),
        {"FI:1", "FI:2"},
        {"FI:1", "FI:2", "FI:3"},
        {"FI:1", "FI:2", "FI:3", "FI:4"},
    ]


def test_the_portal_pulls_the_sandboxs_feed_and_it_is_drained(fresh_sandbox):
    assert pull_status_updates("NO") > 0
    with RopoOneClient("NO") as client:
        assert client.status_updates() == []
