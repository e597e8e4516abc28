"""Small clients for the sandbox's Ropo One and Maventa facades, and request builders."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import httpx

from tests.sandbox_process import SandboxProcess

PORTAL_CID, PORTAL_APICODE = "portal", "demo-ropo-apicode"
PARTNER = {
    "client_id": "00000000-0000-4000-8000-000000000001",
    "client_secret": "demo-maventa-api-key",
    "vendor_api_key": "demo-maventa-vendor-key",
}


def ropo_token(sandbox: SandboxProcess, country: str, cid: str, apicode: str) -> httpx.Response:
    return sandbox.post(f"/{country}/rest/token", json={"cid": cid, "apicode": apicode})


class RopoOne:
    """One Ropo One account logged in to one country tree."""

    def __init__(self, sandbox: SandboxProcess, country: str, token: str) -> None:
        self.sandbox, self.country, self.token = sandbox, country, token

    @classmethod
    def login(cls, sandbox: SandboxProcess, country: str, cid: str, apicode: str) -> RopoOne:
        response = ropo_token(sandbox, country, cid, apicode)
        assert response.status_code == 201, response.text
        return cls(sandbox, country, response.json()["token"])

    @classmethod
    def integrator(cls, sandbox: SandboxProcess, country: str) -> RopoOne:
        return cls.login(sandbox, country, PORTAL_CID, PORTAL_APICODE)

    @classmethod
    def creditor(cls, sandbox: SandboxProcess, creditor: dict[str, Any]) -> RopoOne:
        credentials = creditor["ropo_one"]
        country = creditor["country"].lower()
        return cls.login(sandbox, country, credentials["cid"], credentials["apicode"])

    def request(
        self, method: str, path: str, key: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        if key:
            headers["Idempotency-Key"] = key
        return self.sandbox.request(
            method, f"/{self.country}/rest/{path}", headers=headers, **kwargs
        )

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def job(self, jobid: str) -> dict[str, Any]:
        response = self.get("jobs", params={"jobid": jobid})
        assert response.status_code == 200, response.text
        return response.json()

    def updates(self, **params: str) -> list[dict[str, Any]] | None:
        """One call of the status-update feed: its items, or None for 204."""
        response = self.get("jobs/statusupdates", params=params)
        if response.status_code == 204:
            assert response.content == b""
            return None
        assert response.status_code == 200, response.text
        return response.json()["result"]["status"]

    def drain(self, max_calls: int = 200) -> list[dict[str, Any]]:
        """Poll the status-update feed until 204; every item handed out, in order."""
        items: list[dict[str, Any]] = []
        for _ in range(max_calls):
            batch = self.updates()
            if batch is None:
                return items
            items += batch
        raise AssertionError("the feed did not drain")


class Maventa:
    """One Maventa account (a company or the portal's partner account)."""

    def __init__(self, sandbox: SandboxProcess, token: str) -> None:
        self.sandbox, self.token = sandbox, token

    @classmethod
    def login(cls, sandbox: SandboxProcess, **form: str) -> Maventa:
        data = {"grant_type": "client_credentials", "scope": "receivables:assignments", **form}
        response = sandbox.post("/maventa/oauth2/token", data=data)
        assert response.status_code == 200, response.text
        return cls(sandbox, response.json()["access_token"])

    @classmethod
    def partner(cls, sandbox: SandboxProcess) -> Maventa:
        return cls.login(sandbox, **PARTNER)

    @classmethod
    def company(cls, sandbox: SandboxProcess, creditor: dict[str, Any]) -> Maventa:
        maventa = creditor["maventa"]
        return cls.login(
            sandbox,
            client_id=maventa["company_uuid"],
            client_secret=maventa["api_key"],
            vendor_api_key=maventa["vendor_key"],
        )

    def request(
        self, method: str, path: str, key: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        if key:
            headers["Idempotency-Key"] = key
        return self.sandbox.request(method, f"/maventa/{path}", headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)


def new_key() -> str:
    return str(uuid.uuid4())


def truth(sandbox: SandboxProcess, country: str | None = None) -> dict[str, Any]:
    params = {"country": country} if country else {}
    response = sandbox.get("/truth", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def truth_of(sandbox: SandboxProcess, jobid: str) -> dict[str, Any]:
    response = sandbox.get("/truth", params={"jobid": jobid})
    [case] = response.json()["cases"]
    return case


def sandbox_today(sandbox: SandboxProcess) -> date:
    return date.fromisoformat(sandbox.get("/clock").json()["today"])


def reminder_job(
    creditor: dict[str, Any], person: dict[str, Any], today: date, **overrides: Any
) -> dict[str, Any]:
    """A valid jobtype 1 item for the integrator account, due 30 days before ``today``."""
    number = overrides.pop("number", uuid.uuid4().int % 10**6)
    job = {
        "jobtype": 1,
        "billnum": f"T{number}",
        "billcode": reference(creditor["country"], f"9{number:06d}"),
        "amount": "120.00",
        "person": person["name"],
        "ssn": person["identity_code"],
        "customertype": 2,
        "address": person["address"],
        "postcode": person["postcode"],
        "city": person["city"],
        "billdate": (today - timedelta(days=44)).isoformat(),
        "paydate": (today - timedelta(days=30)).isoformat(),
        "creditorbusinessid": creditor["business_id"],
    }
    return {**job, **overrides}


def reference(country: str, base: str) -> str:
    """A valid payment reference (FI 7-3-1, else Luhn), computed independently of the sandbox."""
    if country == "FI":
        weights = (7, 3, 1)
        total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(base)))
        return base + str((10 - total % 10) % 10)
    total = 0
    for i, char in enumerate(reversed(base)):
        digit = int(char) * (2 if i % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return base + str((10 - total % 10) % 10)
