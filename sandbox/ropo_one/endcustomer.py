"""``POST /rest/jobs/findbyendcustomer``: an end customer's jobs as ``JobByEndCustomer`` items.

Documented (``ropo-one.md`` § 4.5): the body names the customer by ``ssn`` or ``custnum`` (one
of them), ``all_invoices`` 0 (open only, the default) or 1 (paid too); the answer is
``{"jobs": [...]}``; paid invoices paid more than two years ago are left out. Where the
documentation stops (the status mapping, the link's uuid) see ``assumed.py``.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse

from sandbox.engine.clock import sandbox_today
from sandbox.engine.http import json_response, ropo_one_error
from sandbox.engine.models import Case, Stage, Status
from sandbox.engine.seed.randomness import NAMESPACE
from sandbox.ropo_one import assumed


def my_ropo_link(case: Case) -> str:
    return assumed.MYROPO_LINK_BASE + str(
        uuid.uuid5(NAMESPACE, f"myropolink:{case.creditor.country}:{case.jobid}")
    )


def end_customer_status(case: Case, today: date) -> str:
    if case.status == Status.PAID:
        return "paid"
    if case.stage == Stage.INVOICE:
        return "due" if case.paydate < today else "invoicing"
    return assumed.END_CUSTOMER_STATUS_BY_STAGE.get(case.stage, "due")


def end_customer_job(case: Case, today: date) -> dict[str, Any]:
    """One documented ``JobByEndCustomer``; the sandbox has no group jobs."""
    number = {"case_number": int(case.jobid)} if case.jobid.isdigit() else {}
    return {
        **number,
        "invoice_number": case.billnum,
        "original_invoice_date": case.billdate.isoformat(),
        "status": end_customer_status(case, today),
        "open_amount": float(case.open_amount),
        "group_job": 0,
        "my_ropo_link": my_ropo_link(case),
    }


def _listed(case: Case, today: date, all_invoices: bool) -> bool:
    if case.status == Status.OPEN:
        return True
    if case.status != Status.PAID or not all_invoices:
        return False
    years = assumed.END_CUSTOMER_PAID_YEARS
    closed = case.changed_at.date()
    try:
        limit = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - years, day=28)
    return closed >= limit


def find(request: HttpRequest, cases: Any, body: dict[str, Any]) -> HttpResponse:
    ssn, custnum = body.get("ssn"), body.get("custnum")
    given = [v for v in (ssn, custnum) if v not in (None, "")]
    if len(given) != 1 or not isinstance(given[0], str) or not given[0].strip():
        return ropo_one_error(400, "invalid_request", "send one of ssn or custnum (a string)")
    all_invoices = body.get("all_invoices", 0)
    if all_invoices not in (0, 1) or isinstance(all_invoices, bool):
        return ropo_one_error(400, "invalid_parameter", "all_invoices must be 0 or 1")
    if ssn in (None, ""):
        return json_response({"jobs": []})
    today = sandbox_today()
    found = cases.filter(debtor__identity_code=ssn.strip().upper()).select_related("creditor")
    jobs = [
        end_customer_job(c, today)
        for c in found.order_by("jobid")
        if _listed(c, today, bool(all_invoices))
    ]
    return json_response({"jobs": jobs})
