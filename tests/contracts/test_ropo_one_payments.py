"""Contract: the payment and token calls, both ways, against the compiled Ropo One schemas.

The sandbox's answers to ``POST /rest/token`` and ``POST /rest/jobs/payment`` carry the
documented status codes and validate against the documented schemas; the request the portal's
client sends validates against ``JobAddPayment``; the documented example passes both ways.
"""

import datetime
from decimal import Decimal

import httpx
import jsonschema
import pytest

from integrations.ropo_one.client import RopoOneClient
from tests.contracts.ropo_one_schemas import documented_statuses, example, json_schema, validate

pytestmark = pytest.mark.django_db


def portal_token(sandbox, settings) -> str:
    response = httpx.post(
        f"{sandbox.url}/fi/rest/token",
        json={"cid": settings.ROPO_ONE_CID, "apicode": settings.ROPO_ONE_APICODE},
        timeout=30,
    )
    assert str(response.status_code) in documented_statuses("auth_token")
    assert response.status_code == 201
    validate(response.json(), "AuthToken")
    return response.json()["token"]


def an_open_job(sandbox) -> dict:
    cases = httpx.get(f"{sandbox.url}/truth", params={"country": "FI"}, timeout=30).json()
    return next(c for c in cases["cases"] if c["status"] == "open" and c["jobid"].isdigit())


def test_the_token_answers_are_the_documented_ones(sandbox, settings):
    portal_token(sandbox, settings)
    for body in ({"cid": settings.ROPO_ONE_CID, "apicode": "wrong"}, {"cid": ""}, {}):
        refused = httpx.post(f"{sandbox.url}/fi/rest/token", json=body, timeout=30)
        assert refused.status_code == 400
        assert documented_statuses("auth_token")["400"] == "AuthError"
        validate(refused.json(), "AuthError")


def test_the_documented_payment_example_is_booked_and_answered_as_documented(
    fresh_sandbox, settings
):
    token = portal_token(fresh_sandbox, settings)
    job = an_open_job(fresh_sandbox)
    payment = example("JobAddPayment")
    validate(payment, "JobAddPayment")
    # The example's job does not exist here: the same keys, naming a job that does.
    jobid = int(job["jobid"])
    detail = httpx.get(
        f"{fresh_sandbox.url}/fi/rest/jobs",
        params={"jobid": jobid},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()
    payment |= {"billcode": detail["billcode"], "jobid": jobid, "billnum": detail["billnum"]}
    payment |= {"amount": 1.0, "paydate": detail["billdate"]}

    answer = httpx.post(
        f"{fresh_sandbox.url}/fi/rest/jobs/payment",
        json=payment,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )

    assert answer.status_code == 201, answer.text
    assert documented_statuses("add_payment") == {"201": "JobAddPaymentResponse"}
    validate(answer.json(), "JobAddPaymentResponse")
    assert answer.json()["jobid"] == jobid


def test_a_refused_payment_answers_a_problem(sandbox, settings):
    token = portal_token(sandbox, settings)
    answer = httpx.post(
        f"{sandbox.url}/fi/rest/jobs/payment",
        json={"jobid": 999999999, "amount": 1.0, "paydate": "2026-01-01"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )

    assert answer.status_code == 404
    body = answer.json()
    assert body["status"] == 404
    # `errors` is the sandbox's extension member (assumed); the rest is HttpApiProblem.
    validate({k: v for k, v in body.items() if k != "errors"}, "HttpApiProblem")


def test_the_clients_payment_request_is_a_documented_job_add_payment():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/rest/token"):
            return httpx.Response(201, json={"token": "t"})
        seen.append(request)
        return httpx.Response(
            201, json={"jobid": 7, "billnum": "7", "billcode": "70", "paydate": "2026-01-02"}
        )

    transport = httpx.MockTransport(handler)
    with RopoOneClient("FI", base_url="http://ropo.test/fi", transport=transport) as client:
        for kind in ("payment", "capital_cancellation"):
            client.post_payment(
                jobid="7",
                amount=Decimal("12.34"),
                paid_on=datetime.date(2026, 1, 2),
                kind=kind,
                description="MyRopo 1",
            )

    assert len(seen) == 2
    for request in seen:
        validate(httpx.Response(200, content=request.content).json(), "JobAddPayment")


def test_the_schema_conversion_refuses_what_the_documentation_would():
    with pytest.raises(jsonschema.ValidationError):
        validate({"amount": "710.00", "paydate": "2017-10-10"}, "JobAddPayment")  # a string
    with pytest.raises(jsonschema.ValidationError):
        validate({"amount": 1, "paydate": "2017-10-10", "open_amount": 1}, "JobAddPayment")
    with pytest.raises(jsonschema.ValidationError):
        validate({"errorId": "invalid_credentials", "errorText": "x"}, "AuthError")
    assert json_schema("JobAddPaymentResponse").get("additionalProperties") is not False  # cut
