"""Contract: ``GET /rest/jobs/pdf``, both ways, against the compiled schemas.

The portal's client asks with documented parameters only (``jobid`` an integer, ``billnum``
beside ``documentdate``, ``origdata`` 0 or 1) and ``Accept: application/pdf``; the sandbox
answers 200 ``application/pdf``, and its refusals are ``JobResponseErrors``.
"""

import datetime

import httpx
import pytest

from integrations.ropo_one.client import RopoOneClient
from tests.contracts.ropo_one_schemas import operation, validate
from tests.contracts.test_ropo_one_payments import an_open_job, portal_token

pytestmark = pytest.mark.django_db


def test_the_clients_request_uses_documented_parameters_only():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/rest/token"):
            return httpx.Response(201, json={"token": "t"})
        seen.append(request)
        return httpx.Response(
            200, content=b"%PDF-1.7 ...", headers={"Content-Type": "application/pdf"}
        )

    transport = httpx.MockTransport(handler)
    with RopoOneClient("FI", base_url="http://ropo.test/fi", transport=transport) as client:
        client.letter_pdf(
            "1000042", billnum="R-42", sent_on=datetime.date(2026, 1, 2), kind="reminder"
        )

    [request] = seen
    parameters = {p["name"]: p for p in operation("get_pdf")["parameters"]}
    params = dict(request.url.params)
    assert set(params) <= set(parameters)
    assert params["jobid"] == "1000042" and params["billnum"] == "R-42"
    assert params["documentdate"] == "2026-01-02"
    assert int(params["origdata"]) in parameters["origdata"]["enum"]
    assert request.headers["Accept"] == "application/pdf"


def test_the_sandbox_answers_a_pdf_and_refuses_with_job_response_errors(sandbox, settings):
    token = portal_token(sandbox, settings)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/pdf"}
    url = f"{sandbox.url}/fi/rest/jobs/pdf"
    jobid = int(an_open_job(sandbox)["jobid"])

    found = httpx.get(url, params={"jobid": jobid}, headers=headers, timeout=60)
    refused = [
        httpx.get(url, headers=headers, timeout=60),
        httpx.get(url, params={"jobid": 1}, headers=headers, timeout=60),
    ]

    assert found.status_code == 200
    assert found.headers["Content-Type"] == "application/pdf"
    assert found.content.startswith(b"%PDF")
    assert [r.status_code for r in refused] == [400, 404]
    for response in refused:
        validate(response.json(), "JobResponseErrors")
