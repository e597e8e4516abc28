"""The sandbox's OpenID Connect provider (the test bank), driven over HTTP like a client would.

Discovery, the authorization code flow with PKCE through the test-bank page, the redirect URI
rule, the ID token (signature against the JWKS and claims), userinfo and the fault knobs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from jwcrypto import jwk, jwt
from jwcrypto.common import JWException

from tests.sandbox_process import SandboxProcess

CLIENT_ID = "myropo-portal"
CLIENT_SECRET = "demo-oidc-client-secret"
CALLBACK_PATH = "/accounts/oidc/bankid/login/callback/"
PORTAL_CALLBACK = f"http://localhost:8000{CALLBACK_PATH}"
AINO_EMAIL = "aino.virtanen@example.com"


# -- a client of the provider ------------------------------------------------------------------


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass
class Flow:
    """One authorization request: its secrets and what the provider answered."""

    redirect_uri: str = PORTAL_CALLBACK
    state: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    verifier: str = ""
    challenge: str = ""

    def __post_init__(self) -> None:
        self.verifier, self.challenge = pkce_pair()

    def params(self, **overrides: str | None) -> dict[str, str]:
        params: dict[str, str | None] = {
            "response_type": "code",
            "client_id": CLIENT_ID,
            "redirect_uri": self.redirect_uri,
            "scope": "openid profile email",
            "state": self.state,
            "nonce": self.nonce,
            "code_challenge": self.challenge,
            "code_challenge_method": "S256",
            **overrides,
        }
        return {key: value for key, value in params.items() if value is not None}


def location(response: httpx.Response) -> str:
    assert response.status_code == 302, (response.status_code, response.text[:500])
    return response.headers["location"]


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "the test-bank page has no CSRF token"
    return match.group(1)


class Browser:
    """A cookie jar talking to the sandbox, following redirects by hand."""

    def __init__(self, sandbox: SandboxProcess) -> None:
        self.client = httpx.Client(base_url=sandbox.url, timeout=10.0, follow_redirects=False)

    def authorize(self, flow: Flow, **overrides: str | None) -> httpx.Response:
        return self.client.get("/idp/authorize/", params=flow.params(**overrides))

    def login_page(self, flow: Flow, **overrides: str | None) -> tuple[str, httpx.Response]:
        """Start the flow; answer (the ``next`` URL, the test-bank page)."""
        login_url = location(self.authorize(flow, **overrides))
        assert urlsplit(login_url).path == "/idp/login/"
        page = self.client.get(login_url)
        assert page.status_code == 200
        return query(login_url)["next"], page

    def submit(self, page: httpx.Response, next_url: str, **fields: str) -> httpx.Response:
        data = {"csrfmiddlewaretoken": csrf_token(page.text), "next": next_url, **fields}
        return self.client.post("/idp/login/", data=data)

    def log_in(self, flow: Flow, **fields: str) -> dict[str, str]:
        """Through the test bank back to the client: the callback's query parameters."""
        next_url, page = self.login_page(flow)
        continue_url = location(self.submit(page, next_url, **fields))
        callback = location(self.client.get(continue_url))
        assert callback.startswith(flow.redirect_uri), callback
        return query(callback)

    def close(self) -> None:
        self.client.close()


def person(sandbox: SandboxProcess, email: str) -> dict[str, Any]:
    people = sandbox.get("/demo/people.json").json()["people"]
    return next(p for p in people if p["email"] == email)


def person_button(someone: dict[str, Any]) -> str:
    return f"{someone['country']}:{someone['identity_code']}"


def redeem(
    sandbox: SandboxProcess, flow: Flow, code: str, *, basic: bool = False, **extra: str | None
) -> httpx.Response:
    data: dict[str, str | None] = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": flow.redirect_uri,
        "code_verifier": flow.verifier,
        **extra,
    }
    auth = None
    if basic:
        auth = httpx.BasicAuth(CLIENT_ID, CLIENT_SECRET)
    else:
        data.update(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    body = {key: value for key, value in data.items() if value is not None}
    return httpx.post(f"{sandbox.url}/idp/token/", data=body, auth=auth, timeout=10.0)


def verified_claims(
    sandbox: SandboxProcess, id_token: str, *, check_expiry: bool = True
) -> dict[str, Any]:
    """The ID token's claims, after checking its RS256 signature against the provider's JWKS."""
    keys = jwk.JWKSet.from_json(sandbox.get("/idp/.well-known/jwks.json").text)
    token = jwt.JWT(
        jwt=id_token, key=keys, algs=["RS256"], check_claims=None if check_expiry else False
    )
    return json.loads(token.claims)


def unverified_claims(id_token: str) -> dict[str, Any]:
    payload = id_token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


# -- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def idp(sandbox_server: SandboxProcess) -> Iterator[SandboxProcess]:
    """The shared sandbox, with the ID token faults cleared afterwards."""
    yield sandbox_server
    httpx.delete(f"{sandbox_server.url}/idp/faults", timeout=10.0).raise_for_status()


@pytest.fixture
def bank(idp: SandboxProcess) -> Iterator[Browser]:
    bank = Browser(idp)
    yield bank
    bank.close()


@pytest.fixture
def aino(idp: SandboxProcess) -> dict[str, Any]:
    """A seeded Finnish person who represents two companies."""
    return person(idp, AINO_EMAIL)


def login_and_redeem(
    idp: SandboxProcess, bank: Browser, someone: dict[str, Any], **fields: str
) -> tuple[Flow, dict[str, Any]]:
    flow = Flow()
    callback = bank.log_in(flow, person=person_button(someone), **fields)
    response = redeem(idp, flow, callback["code"])
    assert response.status_code == 200, response.text
    return flow, response.json()


# -- discovery -------------------------------------------------------------------------------


def test_discovery_names_the_issuer_endpoints_pkce_s256_and_rs256(idp: SandboxProcess):
    response = idp.get("/idp/.well-known/openid-configuration")

    assert response.status_code == 200
    document = response.json()
    issuer = f"{idp.url}/idp"
    assert document["issuer"] == issuer
    assert document["authorization_endpoint"] == f"{issuer}/authorize/"
    assert document["token_endpoint"] == f"{issuer}/token/"
    assert document["userinfo_endpoint"] == f"{issuer}/userinfo/"
    assert document["jwks_uri"] == f"{issuer}/.well-known/jwks.json"
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert "RS256" in document["id_token_signing_alg_values_supported"]
    assert document["response_types_supported"] == ["code"]
    assert {"client_secret_post", "client_secret_basic"} <= set(
        document["token_endpoint_auth_methods_supported"]
    )
    assert {"openid", "profile", "email"} <= set(document["scopes_supported"])
    assert set(document["acr_values_supported"]) == {"low", "substantial", "high"}
    keys = idp.get("/idp/.well-known/jwks.json").json()["keys"]
    assert [(key["kty"], key["alg"], key["use"]) for key in keys] == [("RSA", "RS256", "sig")]
    assert "d" not in keys[0]


def test_the_signing_key_is_kept_in_the_database_so_restarts_keep_it(idp: SandboxProcess):
    kid = idp.get("/idp/.well-known/jwks.json").json()["keys"][0]["kid"]

    stored = idp.manage(
        "shell",
        "-c",
        "from jwcrypto import jwk; from sandbox.idp.models import SigningKey; "
        "print(jwk.JWK.from_pem(SigningKey.objects.get().private_key_pem.encode()).thumbprint())",
    )

    assert stored.stdout.strip().splitlines()[-1] == kid


# -- the code flow ---------------------------------------------------------------------------


def test_code_flow_with_pkce_gives_a_signed_id_token_for_a_seeded_person(
    idp: SandboxProcess, bank: Browser, aino: dict[str, Any]
):
    flow = Flow()
    callback = bank.log_in(flow, person=person_button(aino), acr="high")
    assert callback["state"] == flow.state

    response = redeem(idp, flow, callback["code"])

    assert response.status_code == 200, response.text
    tokens = response.json()
    claims = verified_claims(idp, tokens["id_token"])
    assert claims["iss"] == f"{idp.url}/idp"
    assert claims["aud"] == CLIENT_ID
    assert claims["nonce"] == flow.nonce
    assert claims["acr"] == "high"
    assert claims["identity_code"] == aino["identity_code"]
    assert claims["identity_country"] == "FI"
    assert claims["name"] == aino["name"]
    assert f"{claims['given_name']} {claims['family_name']}" == aino["name"]
    assert claims["email"] == AINO_EMAIL
    assert abs(claims["auth_time"] - time.time()) < 120
    assert claims["exp"] > time.time()
    assert re.fullmatch(r"[0-9a-f]{32}", claims["sub"])
    companies = {c["business_id"]: c for c in idp.get("/demo/people.json").json()["companies"]}
    assert len(aino["represents"]) == 2
    assert sorted(claims["represented_companies"], key=lambda c: c["business_id"]) == [
        {"business_id": bid, "country": "FI", "name": companies[bid]["name"]}
        for bid in sorted(aino["represents"])
    ]

    userinfo = httpx.get(
        f"{idp.url}/idp/userinfo/",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10.0,
    )
    assert userinfo.status_code == 200, userinfo.text
    info = userinfo.json()
    for claim in ("sub", "name", "identity_code", "identity_country", "email", "acr"):
        assert info[claim] == claims[claim], claim
    assert info["represented_companies"] == claims["represented_companies"]


def test_basic_client_auth_a_stable_sub_and_a_fresh_login_for_every_authorization(
    idp: SandboxProcess, bank: Browser, aino: dict[str, Any]
):
    _, first = login_and_redeem(idp, bank, aino)
    flow = Flow()
    # The same bank client must pass through the test bank again: a login is spent on one code.
    next_url, page = bank.login_page(flow)
    continue_url = location(bank.submit(page, next_url, person=person_button(aino)))
    callback = query(location(bank.client.get(continue_url)))

    wrong = httpx.post(
        f"{idp.url}/idp/token/",
        data={"grant_type": "authorization_code", "code": callback["code"]},
        auth=httpx.BasicAuth(CLIENT_ID, "not-the-secret"),
        timeout=10.0,
    )
    assert wrong.status_code == 401
    response = redeem(idp, flow, callback["code"], basic=True)

    assert response.status_code == 200, response.text
    second = verified_claims(idp, response.json()["id_token"])
    assert second["sub"] == verified_claims(idp, first["id_token"])["sub"]
    assert second["acr"] == "substantial"  # the default level


def test_a_person_without_companies_has_an_empty_list(idp: SandboxProcess, bank: Browser):
    people = idp.get("/demo/people.json").json()["people"]
    loner = next(p for p in people if not p["represents"])

    _, tokens = login_and_redeem(idp, bank, loner)

    claims = verified_claims(idp, tokens["id_token"])
    assert claims["represented_companies"] == []
    assert claims["identity_code"] == loner["identity_code"]


def test_a_valid_code_nobody_seeded_logs_in_under_a_generated_name_in_canonical_form(
    idp: SandboxProcess, bank: Browser
):
    flow = Flow()
    callback = bank.log_in(flow, identity_code=" 880320-0016 ", country="SE")
    claims = verified_claims(idp, redeem(idp, flow, callback["code"]).json()["id_token"])

    assert claims["identity_code"] == "19880320-0016"
    assert claims["identity_country"] == "SE"
    assert claims["given_name"] and claims["family_name"]
    assert claims["represented_companies"] == []
    assert "email" not in claims


def test_the_test_bank_page_is_labelled_and_lists_the_seeded_people(
    bank: Browser, aino: dict[str, Any]
):
    _, page = bank.login_page(Flow())

    html = page.text
    assert '<html lang="en">' in html
    assert "<main>" in html
    assert '<label for="id_identity_code">Identity code</label>' in html
    assert '<label for="id_acr">Assurance level</label>' in html
    assert re.search(r'<option value="substantial"[^>]* selected>', html)
    assert re.search(r"<button[^>]*>Authenticate</button>", html)
    assert re.search(r"<button[^>]*>Cancel</button>", html)
    assert f">Log in as {aino['name']}</button>" in html
    assert aino["identity_code"] in html


def test_the_test_bank_page_refuses_an_invalid_identity_code_with_a_clear_message(
    bank: Browser,
):
    next_url, page = bank.login_page(Flow())

    response = bank.submit(page, next_url, identity_code="131052-308X", country="FI")

    assert response.status_code == 400
    assert "“131052-308X” is not a valid Finnish personal identity code" in response.text
    assert 'aria-invalid="true"' in response.text
    assert bank.submit(page, next_url, identity_code="").status_code == 400


def test_cancel_answers_access_denied_with_the_state(bank: Browser):
    flow = Flow()
    next_url, page = bank.login_page(flow)

    cancel_url = location(bank.submit(page, next_url, action="cancel"))
    callback = location(bank.client.get(cancel_url))

    assert callback.startswith(PORTAL_CALLBACK)
    assert query(callback) == {"error": "access_denied", "state": flow.state}


# -- redirect URIs and PKCE ------------------------------------------------------------------


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_the_portal_callback_is_accepted_on_any_loopback_port(host: str, bank: Browser):
    flow = Flow(redirect_uri=f"http://{host}:{secrets.randbelow(40000) + 20000}{CALLBACK_PATH}")

    callback = bank.log_in(flow, person="FI:131052-308T")  # lands on flow.redirect_uri

    assert callback["code"]
    assert callback["state"] == flow.state


@pytest.mark.parametrize(
    "redirect_uri",
    [
        f"http://evil.example{CALLBACK_PATH}",
        f"https://localhost:8000{CALLBACK_PATH}",
        "http://localhost:8000/accounts/other/callback/",
    ],
)
def test_an_unregistered_redirect_uri_is_refused_without_redirecting(
    redirect_uri: str, bank: Browser
):
    response = bank.authorize(Flow(redirect_uri=redirect_uri))

    assert response.status_code == 400
    assert "location" not in response.headers
    assert "refused" in response.text


@pytest.mark.parametrize(
    ("overrides", "description"),
    [
        ({"code_challenge": None, "code_challenge_method": None}, "code challenge"),
        ({"code_challenge_method": "plain"}, "s256"),
    ],
)
def test_an_authorization_request_without_s256_pkce_is_refused(
    overrides: dict[str, str | None], description: str, bank: Browser
):
    flow = Flow()

    answer = query(location(bank.authorize(flow, **overrides)))

    assert answer["error"] == "invalid_request"
    assert answer["state"] == flow.state
    assert description in answer["error_description"].lower()


@pytest.mark.parametrize("verifier", [None, "a-wrong-verifier-" + "x" * 40])
def test_a_missing_or_wrong_code_verifier_is_refused(
    verifier: str | None, idp: SandboxProcess, bank: Browser, aino: dict[str, Any]
):
    flow = Flow()
    callback = bank.log_in(flow, person=person_button(aino))

    response = redeem(idp, flow, callback["code"], code_verifier=verifier)

    assert response.status_code == 400
    assert response.json()["error"] in ("invalid_grant", "invalid_request")
    assert "id_token" not in response.json()


# -- fault knobs -----------------------------------------------------------------------------


def test_fault_knobs_are_shown_replaced_and_cleared(idp: SandboxProcess):
    url = f"{idp.url}/idp/faults"

    set_ = httpx.post(url, json={"nonce": "wrong-nonce", "expired": True}, timeout=10.0)
    assert set_.status_code == 200
    assert httpx.get(url, timeout=10.0).json() == {
        "audience": None,
        "issuer": None,
        "nonce": "wrong-nonce",
        "acr": None,
        "expired": True,
        "sign_with_other_key": False,
        "active": True,
    }
    bad = httpx.post(url, json={"expired": "yes", "colour": "red"}, timeout=10.0)
    assert bad.status_code == 400
    assert set(bad.json()["fields"]) == {"expired", "colour"}
    cleared = httpx.delete(url, timeout=10.0).json()
    assert cleared["active"] is False and cleared["nonce"] is None


@pytest.mark.parametrize(
    ("knob", "claim", "tampered"),
    [
        ({"audience": "someone-else"}, "aud", "someone-else"),
        ({"issuer": "http://evil.example/idp"}, "iss", "http://evil.example/idp"),
        ({"nonce": "wrong-nonce"}, "nonce", "wrong-nonce"),
        ({"acr": "low"}, "acr", "low"),
    ],
)
def test_a_fault_knob_tampers_with_the_next_id_tokens(
    knob: dict[str, str],
    claim: str,
    tampered: str,
    idp: SandboxProcess,
    bank: Browser,
    aino: dict[str, Any],
):
    httpx.post(f"{idp.url}/idp/faults", json=knob, timeout=10.0).raise_for_status()

    _, tokens = login_and_redeem(idp, bank, aino)

    claims = verified_claims(idp, tokens["id_token"])  # still the provider's signature
    assert claims[claim] == tampered
    assert claims["identity_code"] == aino["identity_code"]


def test_the_faults_last_until_they_are_cleared(
    idp: SandboxProcess, bank: Browser, aino: dict[str, Any]
):
    knobs = {"acr": "low", "nonce": "wrong-nonce"}
    httpx.post(f"{idp.url}/idp/faults", json=knobs, timeout=10.0).raise_for_status()

    for _ in range(2):
        flow, tokens = login_and_redeem(idp, bank, aino, acr="high")
        claims = verified_claims(idp, tokens["id_token"])
        assert (claims["acr"], claims["nonce"]) == ("low", "wrong-nonce")

    httpx.delete(f"{idp.url}/idp/faults", timeout=10.0).raise_for_status()
    flow, tokens = login_and_redeem(idp, bank, aino, acr="high")
    claims = verified_claims(idp, tokens["id_token"])
    assert (claims["acr"], claims["nonce"]) == ("high", flow.nonce)


def test_the_expired_knob_puts_exp_in_the_past(
    idp: SandboxProcess, bank: Browser, aino: dict[str, Any]
):
    httpx.post(f"{idp.url}/idp/faults", json={"expired": True}, timeout=10.0).raise_for_status()

    _, tokens = login_and_redeem(idp, bank, aino)

    claims = verified_claims(idp, tokens["id_token"], check_expiry=False)
    assert claims["exp"] < time.time() - 60
    with pytest.raises(JWException):
        verified_claims(idp, tokens["id_token"])


def test_the_other_key_knob_gives_a_signature_the_jwks_does_not_verify(
    idp: SandboxProcess, bank: Browser, aino: dict[str, Any]
):
    httpx.post(
        f"{idp.url}/idp/faults", json={"sign_with_other_key": True}, timeout=10.0
    ).raise_for_status()

    _, tokens = login_and_redeem(idp, bank, aino)

    with pytest.raises(JWException):
        verified_claims(idp, tokens["id_token"], check_expiry=False)
    claims = unverified_claims(tokens["id_token"])
    assert claims["aud"] == CLIENT_ID
    assert claims["identity_code"] == aino["identity_code"]
