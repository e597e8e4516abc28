"""Where the Ropo One documentation stops: every shape the sandbox assumes, in one place.

Each name below fills a gap marked [NF] (not found) or [I] (inferred) in
``shared/upstream/ropo-one.md``; ``docs/upstream-contracts.md`` has one line per assumption,
beside the gap it fills and what the portal does when the real system answers differently.
What the documentation does say ([D]) is implemented in the views, not here.
"""

from __future__ import annotations

# --- POST /rest/jobs/payment (ropo-one.md § 4.4) ----------------------------------------------
# [D] ``type`` is a string; only ``directpayment`` is seen. [NF] how a capital cancellation is
# told apart: assumed a second ``type`` value. A payment without ``type`` is a direct payment.
PAYMENT_TYPE_DIRECT = "directpayment"
PAYMENT_TYPE_CAPITAL_CANCELLATION = "capitalcancellation"
PAYMENT_TYPES = (PAYMENT_TYPE_DIRECT, PAYMENT_TYPE_CAPITAL_CANCELLATION)
# [NF] the longest ``description`` upstream keeps.
PAYMENT_DESCRIPTION_MAX_LENGTH = 200

# --- Errors (ropo-one.md § 3) ------------------------------------------------------------------
# [D] HttpApiProblem ``{status, type, title, detail}`` is declared on the jobs pages. [NF] which
# status goes with which error: assumed 400 bad input, 404 unknown job, 409 the job is closed.
# [I] the content type ``application/problem+json``. [NF] per-field detail: assumed an
# ``errors`` extension member ``[{"field", "message"}]`` (RFC 7807 allows extension members).
PROBLEM_CONTENT_TYPE = "application/problem+json"
# [NF] the problem type URIs: assumed one per error, ending in the error's code.
PROBLEM_TYPE_BASE = "https://ropo-sandbox.invalid/problems/"

# --- GET /rest/jobs?jobid= (JobJobInfo, ropo-one.md § 4.2; cut after ``origjobtext``) --------
# [NF] whether the job info lists the payments booked on the job: assumed a ``payments`` list,
# one item per booking (direct payments and capital cancellations, from any source), each
# ``{"type", "amount", "paydate", "description"}`` with the ``description`` as posted (empty
# for bookings that came without one).
JOB_PAYMENTS_FIELD = "payments"

# --- POST /rest/token (ropo-one.md § 2) and every other error ---------------------------------
# [D] 201 ``AuthToken {token}``, valid 2 hours; 400 ``AuthError {errorId: integer, errorText}``.
# [NF] the error numbers: assumed one per reason. [NF] the error body of the other operations
# (§ 3: the response lists are cut after the success code): assumed ``AuthError``'s shape
# everywhere, ``{errorId: integer, errorText}``, the number from this table (the reason itself
# is not in the body), plus an ``errors`` list ``[{"index", "field", "message"}]`` where one
# request has several problems. ``jobs/payment`` answers problems instead (above).
ERROR_IDS = {
    "invalid_json": 1,
    "invalid_request": 2,
    "invalid_credentials": 3,
    "missing_parameter": 4,
    "invalid_parameter": 5,
    "validation_failed": 6,
    "unauthorized": 7,
    "not_found": 8,
    "method_not_allowed": 9,
    "job_not_found": 10,
    "letter_not_found": 11,
    "ambiguous_job": 12,
    "job_closed": 13,
    "duplicate_billnum": 14,
    "duplicate_billcode": 15,
    "invalid_date": 16,
    "invalid_amount": 17,
    "amount_exceeds_capital": 18,
    "not_postponable": 19,
    "not_plannable": 20,
    "invalid_plan": 21,
    "plan_does_not_add_up": 22,
    "invalid_idempotency_key": 23,
    "idempotency_key_reused": 24,
    "service_unavailable": 25,
    "gateway_timeout": 26,
    "bad_gateway": 27,
}
# Any reason not in the table (none should be).
OTHER_ERROR_ID = 99


def error_id(reason: str) -> int:
    return ERROR_IDS.get(reason, OTHER_ERROR_ID)


# --- POST /rest/jobs/findbyendcustomer (JobByEndCustomer, ropo-one.md § 4.5) ------------------
# [D] ``status`` is one of invoicing|due|reminder|collection|paid, "the statuses MyRopo shows".
# [NF] how Ropo's stages map onto them: assumed an invoice not yet due is ``invoicing``, one
# past its due date ``due``; legal collection shows as ``collection``; a payment plan shows as
# ``due`` (its instalments fall due); a paid case is ``paid``. A cancelled case (credited in
# full) is neither open nor paid and is not listed.
END_CUSTOMER_STATUS_BY_STAGE = {
    "reminder": "reminder",
    "collection": "collection",
    "legal": "collection",
    "payment_plan": "due",
}
# [NF] how a paid case's "pay date" is dated for the two-year rule: assumed the day it closed.
END_CUSTOMER_PAID_YEARS = 2
# [D] ``custnum`` (the creditor's customer number) may be sent instead of ``ssn``. [NF] the
# sandbox keeps no customer numbers: a ``custnum`` finds no jobs.
# [D] ``my_ropo_link`` only with an active MyRopoLink agreement; its shape
# ``https://myropo.fi/#/job/<uuid>`` (§ 4.8). [NF] the uuid: assumed one per job, stable.
MYROPO_LINK_BASE = "https://myropo.fi/#/job/"

# --- GET /rest/jobs/statusupdates (ropo-one.md § 4.3) -----------------------------------------
# [D] no parameter: every change not yet recorded, at most 1000 per call, 204 when none is
# left; ``date`` (YYYY-MM-DD) or ``billnum``, at most one of them. [I] from third-party code:
# the body is ``{"result": {"status": [...]}}``. [NF] the item: assumed the case snapshot of
# ``docs/upstream-contracts.md`` with ``updateid``. [I] "not yet recorded" means handed out:
# a call consumes what it returns. [NF] whether ``date``/``billnum`` consume: assumed not (they
# are for single checks); they answer the current snapshot of every case with a change on that
# day (sandbox time) or with that billnum, 204 when there is none. [NF] unknown parameters:
# ignored (an earlier sandbox's ``limit`` no longer does anything).
STATUS_UPDATES_WRAPPER = ("result", "status")

# --- GET /rest/jobs/pdf (ropo-one.md § 4.6) ---------------------------------------------------
# [D] ``origdata`` 0 current, 1 original (the default). [NF] which archived document each
# picks: assumed 1 the first matching document (the job's original invoice image, or the first
# of that ``documentdate``/``documenttype``), 0 the latest matching one (the current letter).
PDF_ORIGDATA = ("0", "1")
# [NF] the values of ``documenttype``: assumed the letter kinds (``invoice``, ``reminder``,
# ``collection``, ``legal``, ``plan_confirmation``, ``postponement``); ``joistocolumn`` is
# accepted and ignored. [NF] the sandbox keeps no contracts: a ``contractnum`` finds nothing.
# [NF] the error statuses: assumed 400 a bad request, 404 no such document, each with the
# documented ``JobResponseErrors`` ``{"error"}``.
