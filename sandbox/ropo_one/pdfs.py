"""``GET /rest/jobs/pdf``: an archived letter of a job as PDF (``ropo-one.md`` § 4.6).

Documented: one of ``jobid`` (integer), ``billnum`` or ``contractnum`` is required, and several
given must point at the same document; ``documentdate`` needs ``billnum`` or ``contractnum``
too; ``origdata`` 0 (current) or 1 (original, the default); ``documenttype`` and
``joistocolumn`` name the archive's document type and column. Errors are ``JobResponseErrors``
``{"error"}``. Which document each choice picks is assumed (``assumed.py``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

from sandbox.engine.http import json_response
from sandbox.engine.letters.pdf import render_letter
from sandbox.engine.models import Case, Letter
from sandbox.ropo_one import assumed


def pdf_error(status: int, text: str) -> HttpResponse:
    """The documented ``JobResponseErrors``."""
    return json_response({"error": text}, status=status)


def _cases(request: HttpRequest, cases: Any) -> tuple[list[Case] | None, str]:
    """The jobs the identifiers name (all must agree), or None and what is wrong."""
    jobid = request.GET.get("jobid", "").strip()
    billnum = request.GET.get("billnum", "").strip()
    contractnum = request.GET.get("contractnum", "").strip()
    if not (jobid or billnum or contractnum):
        return None, "one of jobid, billnum or contractnum is required"
    if jobid and not jobid.isdigit():
        return None, "jobid must be an integer"
    if contractnum:
        return [], ""  # the sandbox keeps no contracts
    if jobid:
        cases = cases.filter(jobid=str(int(jobid)))
    if billnum:
        cases = cases.filter(billnum=billnum)
    return list(cases.select_related("creditor", "debtor")), ""


def _letter(request: HttpRequest, case: Case) -> tuple[Letter | None, str]:
    origdata = request.GET.get("origdata", "1").strip()
    if origdata not in assumed.PDF_ORIGDATA:
        return None, "origdata must be 0 or 1"
    letters = case.letters.order_by("sent_on", "id")
    day = request.GET.get("documentdate", "").strip()
    kind = request.GET.get("documenttype", "").strip()
    if day:
        try:
            wanted = datetime.date.fromisoformat(day) if len(day) == 10 else None
        except ValueError:
            wanted = None
        if wanted is None:
            return None, "documentdate must be YYYY-MM-DD"
        letters = letters.filter(sent_on=wanted)
    if kind:
        letters = letters.filter(kind=kind)
    chosen = letters.first() if origdata == "1" else letters.last()
    return chosen, ""


def pdf(request: HttpRequest, cases: Any) -> HttpResponse:
    day = request.GET.get("documentdate", "").strip()
    if day and not (request.GET.get("billnum", "").strip() or request.GET.get("contractnum")):
        return pdf_error(400, "documentdate needs billnum or contractnum")
    found, problem = _cases(request, cases)
    if found is None:
        return pdf_error(400, problem)
    if len(found) > 1:
        return pdf_error(400, "several jobs match: give the jobid")
    if not found:
        return pdf_error(404, "no such document")
    case = found[0]
    letter, problem = _letter(request, case)
    if problem:
        return pdf_error(400, problem)
    if letter is None:
        return pdf_error(404, "no such document")
    response = HttpResponse(render_letter(case, letter), content_type="application/pdf")
    filename = f"job-{case.jobid}-{letter.kind}-{letter.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
