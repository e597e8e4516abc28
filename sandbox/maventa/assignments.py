"""Maventa Receivables API: assignments, their events and the overview.

``GET /v1/assignments`` pages as AX documents its lists: ``page`` (from 1) and ``per_page``
(1-100, default 10), headers ``X-Total``, ``X-Total-Pages``, ``X-Page``, ``X-Next-Page``,
``X-Prev-Page``, ``X-Per-Page`` and ``Link``; newest first. Filters (names assumed):
``collection_status`` (one or a comma-separated list), ``company_id`` and ``invoice_id``.
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from sandbox.engine.http import allow, json_response, maventa_error
from sandbox.engine.idempotency import idempotent
from sandbox.engine.models import Case, CollectionStatus, EventKind
from sandbox.engine.services.bookings import book_credit, book_payment
from sandbox.engine.services.errors import CaseError
from sandbox.engine.snapshots import money
from sandbox.engine.validation import FieldError, Fields, parse_day, parse_moment
from sandbox.maventa.auth import (
    assignments,
    company_for,
    idempotency_scope,
    require_receivables_scope,
)
from sandbox.maventa.serializers import assignment_data, event_data
from sandbox.maventa.views import case_error, invalid, read_body

DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100
EVENT_FIELDS = {"paid": "sum_paid", "credit_note": "credit_sum"}
SOURCE = "maventa_api"
AMOUNTS = ("capital", "fees", "interest", "paid")


def _page_number(request: HttpRequest, name: str, default: int, high: int) -> int | None:
    raw = request.GET.get(name, str(default))
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= high else None


def _filtered(request: HttpRequest) -> QuerySet[Case] | HttpResponse:
    cases = assignments(request)
    statuses = [s for s in request.GET.get("collection_status", "").split(",") if s]
    unknown = set(statuses) - set(CollectionStatus.values)
    if unknown:
        return invalid([FieldError("collection_status", f"unknown: {', '.join(sorted(unknown))}")])
    if statuses:
        cases = cases.filter(collection_status__in=statuses)
    if request.GET.get("company_id"):
        cases = cases.filter(creditor=company_for(request))
    if request.GET.get("invoice_id"):
        cases = cases.filter(maventa_invoice_id=_uuid(request.GET["invoice_id"]))
    return cases


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


@allow("GET")
@require_receivables_scope
def assignment_list(request: HttpRequest) -> HttpResponse:
    page = _page_number(request, "page", 1, 10**6)
    per_page = _page_number(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    if page is None or per_page is None:
        message = f"page must be >= 1 and per_page 1..{MAX_PER_PAGE}"
        return invalid([FieldError("page", message)])
    cases = _filtered(request)
    if isinstance(cases, HttpResponse):
        return cases
    total = cases.count()
    pages = math.ceil(total / per_page)
    start = (page - 1) * per_page
    found = cases.select_related("creditor", "debtor").order_by("-created", "-id")
    body = [assignment_data(c) for c in found[start : start + per_page]]
    return json_response(body, headers=_paging_headers(request, page, per_page, total, pages))


def _paging_headers(
    request: HttpRequest, page: int, per_page: int, total: int, pages: int
) -> dict[str, str]:
    """AX's paging headers; ``X-Next-Page``/``X-Prev-Page`` empty at the ends."""
    following = page + 1 if page < pages else None
    previous = page - 1 if 1 < page <= pages + 1 else None

    def url(number: int) -> str:
        query = request.GET.copy()
        query["page"], query["per_page"] = str(number), str(per_page)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    links = {"first": 1, "prev": previous, "next": following, "last": max(pages, 1)}
    return {
        "X-Total": str(total),
        "X-Total-Pages": str(pages),
        "X-Page": str(page),
        "X-Per-Page": str(per_page),
        "X-Next-Page": str(following or ""),
        "X-Prev-Page": str(previous or ""),
        "Link": ", ".join(f'<{url(n)}>; rel="{rel}"' for rel, n in links.items() if n),
    }


def _assignment(request: HttpRequest, assignment_id: uuid.UUID) -> Case | None:
    found = assignments(request).select_related("creditor", "debtor")
    return found.filter(maventa_assignment_id=assignment_id).first()


def _not_found() -> HttpResponse:
    return maventa_error(404, "not_found", "no such assignment for this account")


@allow("GET")
@require_receivables_scope
def assignment_detail(request: HttpRequest, assignment_id: uuid.UUID) -> HttpResponse:
    case = _assignment(request, assignment_id)
    return json_response(assignment_data(case)) if case else _not_found()


@allow("GET", "POST")
@require_receivables_scope
def assignment_events(request: HttpRequest, assignment_id: uuid.UUID) -> HttpResponse:
    """``GET`` the assignment's events; ``POST`` a ``paid`` or ``credit_note`` event."""
    case = _assignment(request, assignment_id)
    if case is None:
        return _not_found()
    if request.method == "POST":
        return _post_event(request, case)
    return json_response([event_data(e) for e in case.events.order_by("id")])


def _event_input(body: dict[str, Any]) -> tuple[str, Any, Any, list[FieldError]]:
    """(type, amount, booked_at) from a flat body or one with the fields under ``data``."""
    fields = Fields(body)
    kind = fields.choice("type", list(EVENT_FIELDS))
    nested = body.get("data") if isinstance(body.get("data"), dict) else body
    inner = Fields(nested, prefix="data." if nested is not body else "")
    amount = inner.amount(EVENT_FIELDS[kind]) if kind else None
    raw = nested.get("booked_at")
    booked = parse_day(raw) or (moment.date() if (moment := parse_moment(raw)) else None)
    if booked is None:
        inner.error("booked_at", "must be a date (YYYY-MM-DD) or an ISO date-time")
    return kind or "", amount, booked, fields.errors + inner.errors


@idempotent(idempotency_scope)
def _post_event(request: HttpRequest, case: Case) -> HttpResponse:
    body = read_body(request)
    if isinstance(body, HttpResponse):
        return body
    kind, amount, booked_on, errors = _event_input(body)
    description = body.get("description", "")
    if not isinstance(description, str) or len(description) > 200:
        errors.append(FieldError("description", "must be a text of at most 200 characters"))
    if errors:
        return invalid(errors, "the event was not recorded")
    book = book_payment if kind == "paid" else book_credit
    try:
        case = book(
            case,
            amount=amount,
            booked_on=booked_on,
            source=SOURCE,
            idempotency_key=request.idempotency_key,
            description=description,
        )
    except CaseError as exc:
        exc.field = {"paydate": "booked_at", "amount": EVENT_FIELDS[kind]}.get(exc.field, exc.field)
        return case_error(exc)
    engine_kind = EventKind.PAYMENT if kind == "paid" else EventKind.CREDIT_NOTE
    event = case.events.filter(kind=engine_kind).order_by("-id").first()
    return json_response(event_data(event), status=201)


@allow("GET")
@require_receivables_scope
def overview(request: HttpRequest) -> HttpResponse:
    """Counts and open amounts per ``collection_status`` and currency."""
    groups: dict[tuple[str, str], list[Any]] = defaultdict(lambda: [0, Decimal(0)])
    totals: dict[str, list[Any]] = defaultdict(lambda: [0, Decimal(0)])
    for case in assignments(request).only("collection_status", "currency", *AMOUNTS):
        for bucket in (groups[(case.collection_status, case.currency)], totals[case.currency]):
            bucket[0] += 1
            bucket[1] += case.open_amount
    by_status = [
        {"collection_status": s, "currency": c, "count": n, "open_amount": money(a)}
        for (s, c), (n, a) in sorted(groups.items())
    ]
    by_currency = [
        {"currency": c, "count": n, "open_amount": money(a)} for c, (n, a) in sorted(totals.items())
    ]
    count = sum(n for n, _ in totals.values())
    return json_response(
        {"count": count, "currencies": by_currency, "by_collection_status": by_status}
    )
