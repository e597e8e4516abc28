"""Ropo One Connect REST endpoints, one tree per country (``country`` is upper case here).

Errors are ``{"errorId", "errorText"}`` (plus ``errors`` for per-field problems), except on
``jobs/payment``, which answers problems (``payments.problem``). Writes other than
``jobs/payment`` honour ``Idempotency-Key`` (an assumption; Ropo One documents none). The
shapes are in ``docs/upstream-contracts.md``.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse

from sandbox.engine.http import (
    InvalidJson,
    allow,
    json_response,
    read_json,
    read_object,
    ropo_one_error,
)
from sandbox.engine.idempotency import idempotent
from sandbox.engine.models import Case
from sandbox.engine.services.cases import create_case
from sandbox.engine.services.errors import CaseError
from sandbox.engine.services.feed import consumer_key, pull_updates
from sandbox.engine.snapshots import case_snapshot, with_details
from sandbox.ropo_one import assumed
from sandbox.ropo_one.auth import (
    account,
    idempotency_scope,
    require_token,
    visible_cases,
)
from sandbox.ropo_one.datasets import dataset_items, parse_job
from sandbox.ropo_one.disputes import dispute as hold_or_release
from sandbox.ropo_one.endcustomer import find as find_jobs
from sandbox.ropo_one.payments import book
from sandbox.ropo_one.payments import problem as payment_problem
from sandbox.ropo_one.pdfs import pdf as archived_pdf
from sandbox.ropo_one.plans import payment_plan as agree_or_lapse
from sandbox.ropo_one.postponements import postpone as move_due_date


def _not_found(jobid: str) -> HttpResponse:
    return ropo_one_error(404, "job_not_found", f"no job {jobid} for this account")


@allow("GET", "POST")
@require_token
def jobs(request: HttpRequest, country: str) -> HttpResponse:
    """``GET /rest/jobs?jobid=`` (a case snapshot) and ``POST /rest/jobs`` (new jobs)."""
    if request.method == "POST":
        return _create_jobs(request, country)
    jobid = request.GET.get("jobid", "").strip()
    if not jobid:
        return ropo_one_error(400, "missing_parameter", "jobid is required")
    case = with_details(visible_cases(request, country)).filter(jobid=jobid).first()
    return json_response(case_snapshot(case)) if case else _not_found(jobid)


@idempotent(idempotency_scope)
def _create_jobs(request: HttpRequest, country: str) -> HttpResponse:
    try:
        items, errors = dataset_items(read_json(request))
    except InvalidJson as exc:
        return ropo_one_error(400, "invalid_json", str(exc))
    created_data = {"request_id": uuid.uuid4().hex}
    if request.idempotency_key:
        created_data["idempotency_key"] = request.idempotency_key
    own, seen = account(request).creditor, set()
    parsed = [
        parse_job(item, i, country=country, own=own, seen=seen, created_data=created_data)
        for i, item in enumerate(items)
    ]
    errors += [error for job in parsed for error in job.errors]
    if errors:
        text = f"{len({e['index'] for e in errors})} job(s) rejected; nothing was stored"
        return ropo_one_error(400, "validation_failed", text, errors)
    try:
        with transaction.atomic():
            cases = [create_case(job.new) for job in parsed if job.new]
    except CaseError as exc:
        return ropo_one_error(exc.status, exc.code, exc.message)
    answer = [{"jobid": c.jobid, "billnum": c.billnum, "billcode": c.billcode} for c in cases]
    return json_response({"status": "accepted", "jobs": answer})


def _updates_answer(items: list[dict]) -> HttpResponse:
    if not items:
        return HttpResponse(status=204)
    outer, inner = assumed.STATUS_UPDATES_WRAPPER
    return json_response({outer: {inner: items}})


def _filtered_updates(request: HttpRequest, country: str) -> HttpResponse:
    """``?date=`` or ``?billnum=``: the current snapshot of each matching case, not consumed."""
    day, billnum = request.GET.get("date", "").strip(), request.GET.get("billnum", "").strip()
    if day and billnum:
        return ropo_one_error(400, "invalid_request", "send date or billnum, not both")
    cases = visible_cases(request, country)
    if day:
        try:
            wanted = datetime.date.fromisoformat(day) if len(day) == 10 else None
        except ValueError:
            wanted = None
        if wanted is None:
            return ropo_one_error(400, "invalid_parameter", "date must be YYYY-MM-DD")
        cases = cases.filter(events__occurred_at__date=wanted)
    else:
        cases = cases.filter(billnum=billnum)
    matching = with_details(
        Case.objects.filter(pk__in=cases.values("pk")).annotate(updateid=Max("events__id"))
    ).order_by("updateid", "pk")
    return _updates_answer([case_snapshot(c, updateid=c.updateid) for c in matching])


@allow("GET")
@require_token
def status_updates(request: HttpRequest, country: str) -> HttpResponse:
    """``GET /rest/jobs/statusupdates[?date=|?billnum=]``: without a parameter the next changes
    (consumed: handed out once), or 204 when none is left."""
    if request.GET.get("date", "").strip() or request.GET.get("billnum", "").strip():
        return _filtered_updates(request, country)
    dice = request.sandbox_dice
    batch, duplicates = pull_updates(
        visible_cases(request, country),
        consumer=consumer_key(country, account(request).principal),
        limit=settings.ROPO_ONE_UPDATES_PER_CALL,
        duplicate_rate=dice.settings.duplicate_rate if dice else 0.0,
        rng=dice.rng if dice else None,
    )
    if duplicates and dice:
        dice.count("duplicates", duplicates)
    return _updates_answer(batch)


def _case_action(handler, doc: str):
    """A ``POST`` on one of the account's jobs: token, idempotency, a JSON object body, then
    ``handler(request, cases, body)``."""

    @allow("POST")
    @require_token
    @idempotent(idempotency_scope)
    def view(request: HttpRequest, country: str) -> HttpResponse:
        try:
            body = read_object(request)
        except InvalidJson as exc:
            return ropo_one_error(400, "invalid_json", str(exc))
        return handler(request, visible_cases(request, country), body)

    view.__doc__ = doc
    return view


@allow("POST")
@require_token
def payment(request: HttpRequest, country: str) -> HttpResponse:
    """``POST /rest/jobs/payment``: a bypass payment or a capital cancellation, booked on every
    call (no idempotency key is documented, so an ``Idempotency-Key`` header is ignored)."""
    try:
        body = read_object(request)
    except InvalidJson as exc:
        return payment_problem(400, "invalid_json", str(exc))
    return book(request, visible_cases(request, country), body)


dispute = _case_action(
    hold_or_release, "``POST /rest/jobs/dispute``: hold a disputed case, or release it."
)
postpone = _case_action(
    move_due_date, "``POST /rest/jobs/postpone``: move the due date of an invoice or a reminder."
)
paymentplan = _case_action(
    agree_or_lapse, "``POST /rest/jobs/paymentplan``: agree a debtor's plan, or end a lapsed one."
)


@allow("GET")
@require_token
def pdf(request: HttpRequest, country: str) -> HttpResponse:
    """``GET /rest/jobs/pdf?jobid=|billnum=|contractnum=[&documentdate=&documenttype=&origdata=]``:
    an archived letter of the job."""
    return archived_pdf(request, visible_cases(request, country))


@allow("POST")
@require_token
def find_by_end_customer(request: HttpRequest, country: str) -> HttpResponse:
    """``POST /rest/jobs/findbyendcustomer {"ssn"|"custnum", "all_invoices"}``: the customer's
    jobs, ``{"jobs": [JobByEndCustomer]}``."""
    try:
        body = read_object(request)
    except InvalidJson as exc:
        return ropo_one_error(400, "invalid_json", str(exc))
    return find_jobs(request, visible_cases(request, country), body)
