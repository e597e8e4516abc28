"""Contract: Ropo One's error bodies outside ``jobs/payment``.

Only the token call documents its error body (``AuthError {errorId: integer, errorText}``);
the sandbox assumes that shape for every other operation (``sandbox/ropo_one/assumed.py``),
with an ``errors`` extension member where one request has several problems. Each refusal
below validates against ``AuthError`` once that member is left out, and the portal's client
reads the number.
"""

import httpx
import pytest

from integrations.http import UpstreamError
from integrations.ropo_one.client import RopoOneClient
from tests.contracts.ropo_one_schemas import validate
from tests.contracts.test_ropo_one_payments import portal_token

pytestmark = pytest.mark.django_db


def test_every_refusal_outside_payments_is_an_auth_error_shape(sandbox, settings):
    token = portal_token(sandbox, settings)
    bearer = {"Authorization": f"Bearer {token}"}
    base = f"{sandbox.url}/fi/rest"
    refusals = [
        httpx.get(f"{base}/jobs", params={"jobid": "1000001"}),  # no token
        httpx.get(f"{base}/jobs", headers=bearer),  # no jobid
        httpx.get(f"{base}/jobs", params={"jobid": "999999999"}, headers=bearer),
        httpx.post(f"{base}/jobs", json={"datastream": {"dataset": [{}]}}, headers=bearer),
        httpx.post(f"{base}/jobs", content=b"{not json", headers=bearer),
        httpx.post(f"{base}/jobs/findbyendcustomer", json={}, headers=bearer),
        httpx.request("DELETE", f"{base}/jobs", headers=bearer),
        httpx.get(f"{base}/nothing-here", headers=bearer),
    ]

    assert [r.status_code for r in refusals] == [401, 400, 404, 400, 400, 400, 405, 404]
    for response in refusals:
        body = response.json()
        validate({k: v for k, v in body.items() if k != "errors"}, "AuthError")
        assert isinstance(body["errorId"], int) and not isinstance(body["errorId"], bool)


def refusing(status: int, body: dict) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/rest/token"):
            return httpx.Response(201, json={"token": "t"})
        return httpx.Response(status, json=body)

    return httpx.MockTransport(handler)


def test_the_client_reads_the_number_and_knows_a_closed_job():
    closed = refusing(409, {"errorId": 13, "errorText": "job 7 is already paid"})
    client = RopoOneClient("FI", base_url="http://ropo.test/fi", transport=closed)
    with client, pytest.raises(UpstreamError) as caught:
        client.post_dispute(jobid="7", action="open", idempotency_key="k", amount="1.00")
    assert (caught.value.code, caught.value.permanent) == ("job_closed", True)

    busy = refusing(409, {"errorId": 42, "errorText": "try later"})
    client = RopoOneClient("FI", base_url="http://ropo.test/fi", transport=busy)
    with client, pytest.raises(UpstreamError) as caught:
        client.post_dispute(jobid="7", action="open", idempotency_key="k", amount="1.00")
    assert (caught.value.code, caught.value.permanent) == ("42", False)
