"""Pages every stand-in shares: health, the index for testers, demo identities, the clock."""

from __future__ import annotations

import logging

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from sandbox.engine import dump, faults
from sandbox.engine.clock import sandbox_now, sandbox_today
from sandbox.engine.http import InvalidJson, fault_knobs_view, json_response, read_object
from sandbox.engine.models import Case, Clock, Creditor, Debtor
from sandbox.engine.services.lifecycle import advance_clock
from sandbox.engine.truth import truth

logger = logging.getLogger(__name__)
MAX_ADVANCE_DAYS = 3660

STAND_INS = (
    ("Ropo One (Connect REST API), Finland", "/fi/rest/"),
    ("Ropo One (Connect REST API), Sweden", "/se/rest/"),
    ("Ropo One (Connect REST API), Norway", "/no/rest/"),
    ("Maventa (Receivables API)", "/maventa/"),
    ("Payment gateway (Paytrail-compatible)", "/paytrail/"),
    ("Strong-authentication identity provider (OpenID Connect)", "/idp/"),
)


def _counts() -> dict[str, int]:
    return {
        "creditors": Creditor.objects.count(),
        "debtors": Debtor.objects.count(),
        "cases": Case.objects.count(),
    }


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        counts = _counts()
        today = sandbox_today().isoformat()
    except DatabaseError:
        logger.exception("sandbox health check: database unusable")
        return JsonResponse(
            {"status": "error", "service": "sandbox", "database": "error"}, status=503
        )
    return JsonResponse(
        {"status": "ok", "service": "sandbox", "database": "ok", "counts": counts, "today": today}
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "stand_ins": STAND_INS,
        "today": sandbox_today(),
        "creditors": dump.creditors(),
        "portal": dump.portal_accounts(),
        **dump.people_and_companies(),
    }
    return render(request, "sandbox/index.html", context)


@require_GET
def demo_people(request: HttpRequest) -> JsonResponse:
    return JsonResponse(dump.people_and_companies())


@require_GET
def demo_creditors(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"creditors": dump.creditors(), "portal": dump.portal_accounts()})


@require_GET
def clock(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "offset_days": Clock.current().offset_days,
            "now": sandbox_now().isoformat(),
            "today": sandbox_today().isoformat(),
        }
    )


@csrf_exempt
@require_POST
def clock_advance(request: HttpRequest) -> JsonResponse:
    """``POST /clock/advance {"days": N}``: move the clock and run every case's lifecycle."""
    try:
        data = read_object(request)
    except InvalidJson as exc:
        return json_response({"error": "invalid_json", "message": str(exc)}, status=400)
    days = data.get("days", 1)
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_ADVANCE_DAYS:
        message = f"days must be a whole number from 0 to {MAX_ADVANCE_DAYS}"
        return json_response({"error": "invalid_days", "message": message}, status=400)
    report = advance_clock(days)
    now = timezone.localtime(sandbox_now()).isoformat()
    body = {"offset_days": Clock.current().offset_days, "now": now}
    return json_response({**body, **report.as_dict()})


# ``GET``/``POST``/``DELETE /faults``: read, replace or reset the fault knobs.
fault_knobs = fault_knobs_view(faults)


@require_GET
def truth_view(request: HttpRequest) -> JsonResponse:
    """``GET /truth[?country=FI][&jobid=]``: every case as the sandbox holds it (for tests)."""
    return json_response(truth(request.GET.get("country"), request.GET.get("jobid")))
