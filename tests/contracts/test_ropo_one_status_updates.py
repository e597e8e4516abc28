"""Contract: ``GET /rest/jobs/statusupdates``, both ways, against the compiled schemas.

Documented: no parameter, or at most one of ``date``/``billnum``; 200 with the changes, 204
(no body) when none is left. The body is inferred (``{"result": {"status": [...]}}``,
``StatusUpdatesResponse``); its items are not documented (an open object). The portal's client
sends only documented parameters, at most one of them, and polls until 204.
"""

import datetime

import httpx
import pytest

from integrations.ropo_one.client import RopoOneClient
from tests.contracts.ropo_one_schemas import operation, validate
from tests.contracts.test_ropo_one_payments import portal_token

pytestmark = pytest.mark.django_db


def test_the_sandbox_answers_status_updates_then_204(fresh_sandbox, settings):
    token = portal_token(fresh_sandbox, settings)
    url = f"{fresh_sandbox.url}/fi/rest/jobs/statusupdates"
    headers = {"Authorization": f"Bearer {token}"}

    answers = []
    for _ in range(50):
        answers.append(httpx.get(url, headers=headers, timeout=60))
        if answers[-1].status_code == 204:
            break

    documented = set(operation("status_updates")["responses"])
    assert {str(a.status_code) for a in answers} <= documented
    assert [a.status_code for a in answers][-1] == 204 and answers[-1].content == b""
    assert answers[0].status_code == 200
    for answer in answers[:-1]:
        validate(answer.json(), "StatusUpdatesResponse")
        assert len(answer.json()["result"]["status"]) <= 1000


def test_the_clients_requests_carry_only_documented_parameters():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/rest/token"):
            return httpx.Response(201, json={"token": "t"})
        seen.append(request)
        return httpx.Response(204)

    documented = {p["name"] for p in operation("status_updates")["parameters"]}
    transport = httpx.MockTransport(handler)
    with RopoOneClient("FI", base_url="http://ropo.test/fi", transport=transport) as client:
        assert client.status_updates() == []
        client.status_updates(date=datetime.date(2026, 1, 2))
        client.status_updates(billnum="R-1")
        with pytest.raises(ValueError):
            client.status_updates(date=datetime.date(2026, 1, 2), billnum="R-1")

    assert [dict(r.url.params) for r in seen] == [{}, {"date": "2026-01-02"}, {"billnum": "R-1"}]
    for request in seen:
        assert set(request.url.params) <= documented
