"""Maventa Receivables API client (OAuth2 client credentials)."""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

import httpx
from django.conf import settings

from integrations.http import BearerClient, UpstreamError, error_fields, json_body
from integrations.maventa.payloads import Assignment, assignment

logger = logging.getLogger(__name__)

SCOPE = "receivables:assignments"


@dataclass(frozen=True)
class AssignmentPage:
    """One page of `GET /v1/assignments` (newest first) and its paging headers."""

    items: list[Assignment]
    total: int
    page: int
    per_page: int
    next_page: int | None = None

    @property
    def last(self) -> bool:
        return self.next_page is None


def _next_page(response: httpx.Response, page: int, per_page: int, total: int) -> int | None:
    """`X-Next-Page` (empty on the last page); without it, counted from `X-Total`."""
    raw = response.headers.get("X-Next-Page")
    if raw is not None:
        return int(raw) if raw.strip().isdigit() else None
    return page + 1 if page * per_page < total else None


class MaventaClient(BearerClient):
    def __init__(
        self,
        *,
        base_url: str | None = None,
        company_uuid: str | None = None,
        api_key: str | None = None,
        vendor_key: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ):
        self.company_uuid = company_uuid or settings.MAVENTA_COMPANY_UUID
        self.api_key = api_key or settings.MAVENTA_API_KEY
        self.vendor_key = vendor_key or settings.MAVENTA_VENDOR_KEY
        if not self.api_key:
            raise UpstreamError("MAVENTA_API_KEY is not set", permanent=True)
        url = base_url or settings.MAVENTA_URL
        key = f"maventa:token:{url}:{self.company_uuid}"
        super().__init__(url, token_key=key, transport=transport)

    @staticmethod
    def error_message(response: httpx.Response) -> tuple[str, str]:
        return error_fields(response, "code", "message")

    def fetch_token(self) -> str:
        form = {
            "grant_type": "client_credentials",
            "client_id": self.company_uuid,
            "client_secret": self.api_key,
            "vendor_api_key": self.vendor_key,
            "scope": SCOPE,
        }
        body = json_body(self._send("POST", "/oauth2/token", data=form))
        try:
            token, expires_in = body["access_token"], int(body.get("expires_in", 3600))
        except (KeyError, TypeError, ValueError) as exc:
            raise UpstreamError("token answer without a token", permanent=False) from exc
        granted = body.get("scope")
        if isinstance(granted, str) and SCOPE not in granted.split():
            # Maventa answers the scopes it granted: without this one every Receivables call
            # is refused, and a new token would not help (the API user lacks the right).
            raise UpstreamError(f"Maventa did not grant the scope {SCOPE}", permanent=True)
        self.tokens.put(token, expires_in)
        return token

    def assignments(self, *, page: int = 1, per_page: int = 100) -> AssignmentPage:
        """`GET /v1/assignments?page=&per_page=`: newest first, AX's paging headers."""
        params = {"page": page, "per_page": per_page}
        response = self._authed("GET", "/v1/assignments", params=params)
        body = json_body(response)
        if not isinstance(body, list):
            raise UpstreamError("expected a list of assignments", permanent=False)
        items = []
        for item in body:
            try:
                items.append(assignment(item))
            except UpstreamError:
                logger.error("maventa: skipped a malformed assignment")
        try:
            total = int(response.headers.get("X-Total", len(body)))
        except ValueError:
            total = len(body)
        following = _next_page(response, page, per_page, total) if body else None
        return AssignmentPage(
            items=items, total=total, page=page, per_page=per_page, next_page=following
        )

    def post_event(self, assignment_id: str, *, event: dict) -> dict:
        """Report `paid` (sum_paid, booked_at) or `credit_note` (credit_sum, booked_at).

        Maventa documents no idempotency key: every post counts (see `deliver_event`)."""
        response = self._authed("POST", f"/v1/assignments/{assignment_id}/events", json=event)
        try:
            return json_body(response)
        except UpstreamError:
            return {}  # a 2xx is a booking, even when its body does not parse

    def events(self, assignment_id: str) -> list[dict]:
        """`GET /v1/assignments/{id}/events`: the assignment's events."""
        body = json_body(self._authed("GET", f"/v1/assignments/{assignment_id}/events"))
        if not isinstance(body, list):
            raise UpstreamError("expected a list of events", permanent=False)
        return [e for e in body if isinstance(e, dict)]

    # Transfers and the Ropo receivables service (the creditor portal uses these).

    def invoices(self, *, company_id: str) -> list[dict]:
        """`GET /v2/invoices?company_id=`: the company's invoices, each with `due_date` and
        `assignment` (null before a transfer)."""
        body = json_body(self._authed("GET", "/v2/invoices", params={"company_id": company_id}))
        if not isinstance(body, list):
            raise UpstreamError("expected a list of invoices", permanent=False)
        return body

    def transfer(self, invoice_id: str, *, body: dict, idempotency_key: str) -> dict:
        """`POST /v2/invoices/{id}/assignment/ropo` -> `{"status", "assignment_id", "errors"}`."""
        response = self._authed(
            "POST",
            f"/v2/invoices/{invoice_id}/assignment/ropo",
            json=body,
            headers={"Idempotency-Key": idempotency_key},
        )
        return json_body(response)

    def transfer_status(self, invoice_id: str) -> dict:
        """`GET /v2/invoices/{id}/assignment` -> `{"status": "pending|sent|error", ...}`
        (documented: the status; assumed: `assignment_id`, `errors`)."""
        body = json_body(self._authed("GET", f"/v2/invoices/{invoice_id}/assignment"))
        if not isinstance(body, dict):
            raise UpstreamError("expected a transfer status", permanent=False)
        return body

    def receivables_service(self, *, company_id: str) -> dict:
        """`GET /v2/services/ropo/receivables` -> `{"status", "agreement_contact_email", ...}`."""
        params = {"company_id": company_id}
        return json_body(self._authed("GET", "/v2/services/ropo/receivables", params=params))

    def close_service(self, *, company_id: str, idempotency_key: str) -> dict:
        """`DELETE /v2/services/ropo/receivables`: no new transfers; open assignments go on."""
        response = self._authed(
            "DELETE",
            "/v2/services/ropo/receivables",
            params={"company_id": company_id},
            headers={"Idempotency-Key": idempotency_key},
        )
        return json_body(response)

    def request_activation(
        self, *, company_id: str, contact_email: str, idempotency_key: str
    ) -> dict:
        """`PUT /v2/services/ropo/receivables` with the agreement contact e-mail."""
        body = {"agreement_contact_email": contact_email, "company_id": company_id}
        response = self._authed(
            "PUT",
            "/v2/services/ropo/receivables",
            json=body,
            headers={"Idempotency-Key": idempotency_key},
        )
        return json_body(response)


def paid_event(amount: Decimal, booked_at: datetime.date, *, description: str = "") -> dict:
    event = {"type": "paid", "sum_paid": str(amount), "booked_at": booked_at.isoformat()}
    return {**event, "description": description} if description else event


def credit_note_event(amount: Decimal, booked_at: datetime.date, *, description: str = "") -> dict:
    event = {"type": "credit_note", "credit_sum": str(amount), "booked_at": booked_at.isoformat()}
    return {**event, "description": description} if description else event


def event_description(event: dict) -> str | None:
    """The free text an event was posted with (top level or under `data`), if it shows one."""
    data = event.get("data") if isinstance(event.get("data"), dict) else {}
    found = event.get("description", data.get("description"))
    return found if isinstance(found, str) else None
