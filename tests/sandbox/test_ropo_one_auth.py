"""Ropo One tokens: who may log in to which country tree, and what each account sees."""

from __future__ import annotations

import pytest

from sandbox.ropo_one.assumed import ERROR_IDS
from tests.sandbox.helpers import PORTAL_APICODE, PORTAL_CID, RopoOne, ropo_token


@pytest.fixture(scope="module")
def fi_creditors(creditors):
    return [c for c in creditors.values() if c["country"] == "FI"]


@pytest.mark.parametrize("country", ["fi", "se", "no"])
def test_the_portal_integrator_gets_a_two_hour_bearer_token_in_every_country(api_sandbox, country):
    response = ropo_token(api_sandbox, country, PORTAL_CID, PORTAL_APICODE)

    assert response.status_code == 201  # documented: 201 AuthToken {token}, valid two hours
    body = response.json()
    assert list(body) == ["token"]
    assert len(body["token"]) >= 32


def test_a_creditor_logs_in_with_its_own_cid_and_apicode(api_sandbox, fi_creditors):
    credentials = fi_creditors[0]["ropo_one"]

    response = ropo_token(api_sandbox, "fi", credentials["cid"], credentials["apicode"])

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("cid", "apicode"),
    [(PORTAL_CID, "wrong"), ("nobody", PORTAL_APICODE), ("", ""), (PORTAL_CID, None)],
)
def test_bad_credentials_get_400_with_an_error_id_and_text(api_sandbox, cid, apicode):
    response = ropo_token(api_sandbox, "fi", cid, apicode)

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"errorId", "errorText"}  # documented AuthError
    assert isinstance(body["errorId"], int) and not isinstance(body["errorId"], bool)
    assert body["errorText"]


def test_a_creditor_cannot_log_in_to_another_countrys_tree(api_sandbox, fi_creditors):
    credentials = fi_creditors[0]["ropo_one"]

    response = ropo_token(api_sandbox, "se", credentials["cid"], credentials["apicode"])

    assert response.status_code == 400
    assert response.json()["errorId"] == 3  # unknown cid or wrong apicode


@pytest.mark.parametrize("header", [None, "Bearer not-a-token", "Basic cG9ydGFsOng="])
def test_calls_without_a_valid_token_get_401(api_sandbox, header):
    headers = {"Authorization": header} if header else {}

    response = api_sandbox.get("/fi/rest/jobs", params={"jobid": "1000001"}, headers=headers)

    assert response.status_code == 401
    assert response.json()["errorId"] == ERROR_IDS["unauthorized"]


def test_a_token_works_only_in_the_country_tree_that_issued_it(api_sandbox):
    finnish = RopoOne.integrator(api_sandbox, "fi")
    swedish_with_finnish_token = RopoOne(api_sandbox, "se", finnish.token)

    response = swedish_with_finnish_token.get("jobs/statusupdates")

    assert response.status_code == 401


def test_a_creditor_sees_its_own_jobs_and_gets_404_for_another_creditors(
    api_sandbox, fi_creditors, sandbox_dump
):
    own, other = fi_creditors[0], fi_creditors[1]
    cases = sandbox_dump["cases"]
    own_job = next(c["jobid"] for c in cases if c["creditor"] == own["key"])
    other_job = next(c["jobid"] for c in cases if c["creditor"] == other["key"])
    client = RopoOne.creditor(api_sandbox, own)

    assert client.get("jobs", params={"jobid": own_job}).status_code == 200
    response = client.get("jobs", params={"jobid": other_job})
    assert response.status_code == 404
    assert response.json()["errorId"] == ERROR_IDS["job_not_found"]


def test_the_integrator_sees_every_job_of_its_country_and_none_of_another(
    api_sandbox, sandbox_dump
):
    client = RopoOne.integrator(api_sandbox, "fi")
    finnish = [c["jobid"] for c in sandbox_dump["cases"] if c["country"] == "FI"]
    swedish = next(c["jobid"] for c in sandbox_dump["cases"] if c["country"] == "SE")

    for jobid in finnish[:5] + finnish[-5:]:
        assert client.get("jobs", params={"jobid": jobid}).status_code == 200
    assert client.get("jobs", params={"jobid": swedish}).status_code == 404


def test_the_demo_page_lists_the_portals_own_accounts(api_sandbox):
    portal = api_sandbox.get("/demo/creditors.json").json()["portal"]

    assert portal["ropo_one"] == {"cid": PORTAL_CID, "apicode": PORTAL_APICODE}
    assert portal["maventa"]["client_id"] == "00000000-0000-4000-8000-000000000001"


def test_unknown_paths_and_wrong_methods_answer_in_ropo_ones_dialect(api_sandbox):
    unknown = api_sandbox.get("/fi/rest/nothing-here")
    wrong = api_sandbox.request("DELETE", "/fi/rest/jobs")

    assert unknown.status_code == 404
    assert unknown.json()["errorId"] == ERROR_IDS["not_found"]
    assert wrong.status_code == 405
    assert wrong.json()["errorId"] == ERROR_IDS["method_not_allowed"]
    assert wrong.headers["Allow"] == "GET, POST"
