"""Contract: Maventa's token call, both ways, against the compiled Maventa schemas.

The call is documented as multipart; public clients send it form-encoded: the sandbox takes
both. A token asked for without a scope gets only ``global`` and ``company``, which does not
reach the Receivables API; the portal's client asks for ``receivables:assignments`` itself and
gives up at once (permanently) when Maventa does not grant it.
"""

from urllib.parse import parse_qsl

import httpx
import pytest

from integrations.http import UpstreamError
from integrations.maventa.client import SCOPE, MaventaClient
from tests.contracts.maventa_schemas import compiled, validate

pytestmark = pytest.mark.django_db


def partner_form(settings, **extra) -> dict:
    return {
        "grant_type": "client_credentials",
        "client_id": settings.MAVENTA_COMPANY_UUID,
        "client_secret": settings.MAVENTA_API_KEY,
        "vendor_api_key": settings.MAVENTA_VENDOR_KEY,
        **extra,
    }


def ask(sandbox, form: dict, *, multipart: bool) -> httpx.Response:
    url = f"{sandbox.url}/maventa/oauth2/token"
    if multipart:
        files = {name: (None, value) for name, value in form.items()}
        return httpx.post(url, files=files, timeout=30)
    return httpx.post(url, data=form, timeout=30)


def assignments(sandbox, token: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.get(f"{sandbox.url}/maventa/v1/assignments", headers=headers, timeout=30)


@pytest.mark.parametrize("multipart", [True, False], ids=["multipart", "form-encoded"])
def test_the_token_call_answers_as_documented_in_both_encodings(sandbox, settings, multipart):
    answer = ask(sandbox, partner_form(settings, scope=SCOPE), multipart=multipart)

    assert answer.status_code == 200, answer.text
    validate(answer.json(), "APIEntitiesOAuthToken")
    assert answer.json()["expires_in"] == 3600
    assert answer.json()["scope"].split() == [SCOPE]
    assert assignments(sandbox, answer.json()["access_token"]).status_code == 200


def test_a_token_without_a_scope_gets_the_default_and_no_receivables(sandbox, settings):
    answer = ask(sandbox, partner_form(settings), multipart=True)

    assert answer.status_code == 200, answer.text
    validate(answer.json(), "APIEntitiesOAuthToken")
    default = compiled()["scopes"]["default_without_scope"]
    assert answer.json()["scope"].split() == default == ["global", "company"]
    refused = assignments(sandbox, answer.json()["access_token"])
    assert refused.status_code == 403
    assert refused.json()["code"] == "insufficient_scope"


def test_the_eui_alias_reaches_the_receivables_api(sandbox, settings):
    answer = ask(sandbox, partner_form(settings, scope="eui"), multipart=False)

    assert SCOPE in answer.json()["scope"].split()
    assert assignments(sandbox, answer.json()["access_token"]).status_code == 200


def test_the_portal_asks_for_the_receivables_scope_in_the_documented_fields(settings):
    sent = []

    def maventa(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(
            200,
            json={"access_token": "t", "token_type": "bearer", "expires_in": 3600, "scope": SCOPE},
        )

    with MaventaClient(base_url="http://maventa", transport=httpx.MockTransport(maventa)) as c:
        c.fetch_token()

    (request,) = sent
    assert request.url.path == "/oauth2/token"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    form = dict(parse_qsl(request.content.decode()))
    validate(form, "OAuthTokenRequest")
    assert form["scope"].split() == [SCOPE]


def test_the_portal_gives_up_when_the_scope_is_not_granted(settings):
    def maventa(request: httpx.Request) -> httpx.Response:
        body = {"access_token": "t", "token_type": "bearer", "expires_in": 3600}
        return httpx.Response(200, json={**body, "scope": "global company"})

    transport = httpx.MockTransport(maventa)
    client = MaventaClient(base_url="http://maventa", transport=transport)
    with client, pytest.raises(UpstreamError) as caught:
        client.fetch_token()

    assert caught.value.permanent
    assert client.tokens.get() is None
