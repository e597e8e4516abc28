"""Contract: ``POST /rest/jobs/findbyendcustomer``, both ways, against the compiled schemas.

The sandbox answers the documented 200 ``JobsByEndCustomerResponse`` (``{"jobs": [...]}``,
each item a ``JobByEndCustomer``); the portal's client sends a ``JobsByEndCustomerRequest``.
"""

import httpx
import pytest

from integrations.ropo_one.client import RopoOneClient
from tests.contracts.ropo_one_schemas import documented_statuses, validate
from tests.contracts.test_ropo_one_payments import an_open_job, portal_token

pytestmark = pytest.mark.django_db


def test_the_sandbox_answers_a_documented_jobs_by_end_customer_response(sandbox, settings):
    token = portal_token(sandbox, settings)
    headers = {"Authorization": f"Bearer {token}"}
    jobid = an_open_job(sandbox)["jobid"]
    job = httpx.get(f"{sandbox.url}/fi/rest/jobs", params={"jobid": jobid}, headers=headers)
    ssn = job.json()["debtor"]["identity_code"]

    for all_invoices in (0, 1):
        request = {"ssn": ssn, "all_invoices": all_invoices}
        validate(request, "JobsByEndCustomerRequest")
        answer = httpx.post(
            f"{sandbox.url}/fi/rest/jobs/findbyendcustomer",
            json=request,
            headers=headers,
            timeout=30,
        )

        assert answer.status_code == 200, answer.text
        assert documented_statuses("find_by_end_customer") == {"200": "JobsByEndCustomerResponse"}
        validate(answer.json(), "JobsByEndCustomerResponse")
        assert answer.json()["jobs"]
        for job in answer.json()["jobs"]:
            validate(job, "JobByEndCustomer")


def test_the_clients_request_is_a_documented_jobs_by_end_customer_request():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/rest/token"):
            return httpx.Response(201, json={"token": "t"})
        seen.append(request)
        return httpx.Response(200, json={"jobs": []})

    transport = httpx.MockTransport(handler)
    with RopoOneClient("FI", base_url="http://ropo.test/fi", transport=transport) as client:
        client.find_by_end_customer("131052-308T")
        client.find_by_end_customer("131052-308T", include_paid=True)

    assert [r.url.path for r in seen] == ["/fi/rest/jobs/findbyendcustomer"] * 2
    for request in seen:
        validate(httpx.Response(200, content=request.content).json(), "JobsByEndCustomerRequest")
