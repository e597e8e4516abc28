"""Contract: the sandbox's assignment list and one assignment against the compiled schemas.

Items validate against ``Assignment`` (a cut schema: more fields may exist), carry the
documented ``invoice_id`` and ``reference_ids``, and the list answers every paging header the
AX convention names.
"""

import httpx
import pytest

from integrations.maventa.client import SCOPE
from tests.contracts.maventa_schemas import operation, validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def maventa(sandbox, settings) -> httpx.Client:
    form = {
        "grant_type": "client_credentials",
        "client_id": settings.MAVENTA_COMPANY_UUID,
        "client_secret": settings.MAVENTA_API_KEY,
        "vendor_api_key": settings.MAVENTA_VENDOR_KEY,
        "scope": SCOPE,
    }
    token = httpx.post(f"{sandbox.url}/maventa/oauth2/token", data=form, timeout=30)
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    with httpx.Client(base_url=f"{sandbox.url}/maventa", headers=headers, timeout=30) as client:
        yield client


def test_the_list_answers_the_documented_headers_and_assignment_shape(maventa):
    answer = maventa.get("/v1/assignments", params={"page": 2, "per_page": 3})

    assert answer.status_code == 200
    documented = operation("list_assignments")["responses"]["200"]["headers_inferred"]
    assert [name for name in documented if name not in answer.headers] == []
    assert len(answer.json()) == 3
    for item in answer.json():
        validate(item, "Assignment")
        assert item["invoice_id"] in item["reference_ids"]


def test_one_assignment_validates_with_its_events(maventa):
    first = maventa.get("/v1/assignments", params={"per_page": 1}).json()[0]

    answer = maventa.get(f"/v1/assignments/{first['id']}")
    events = maventa.get(f"/v1/assignments/{first['id']}/events")

    assert answer.status_code == 200
    validate(answer.json(), "Assignment")
    assert events.status_code == 200
    for event in events.json():
        validate({k: v for k, v in event.items() if k != "type"}, "AssignmentEvent")
