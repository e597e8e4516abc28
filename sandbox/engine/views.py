"""Pages every stand-in shares: health, the index for testers, demo identities, the clock."""

from __future__ import annotations

import logging

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sandbox.engine import dump
from sandbox.engine.clock import sandbox_now, sandbox_today
from sandbox.engine.models import Case, Clock, Creditor, Debtor

logger = logging.getLogger(__name__)

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
        **dump.people_and_companies(),
    }
    return render(request, "sandbox/index.html", context)


@require_GET
def demo_people(request: HttpRequest) -> JsonResponse:
    return JsonResponse(dump.people_and_companies())


@require_GET
def demo_creditors(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"creditors": dump.creditors()})


@require_GET
def clock(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "offset_days": Clock.current().offset_days,
            "now": sandbox_now().isoformat(),
            "today": sandbox_today().isoformat(),
        }
    )
