"""Maventa: the Ropo receivables service, company invoices and their transfer to Ropo.

Errors are ``{"code", "message", "details"}``; field problems list ``{"field", "message"}`` in
``details``. Writes honour ``Idempotency-Key``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from sandbox.engine.http import InvalidJson, allow, json_response, maventa_error, read_object
from sandbox.engine.idempotency import idempotent
from sandbox.engine.models import Case, FaultSettings, MaventaInvoice, TransferStatus
from sandbox.engine.services.errors import CaseError
from sandbox.engine.services.receivables import (
    close_service,
    refresh_service,
    request_activation,
    service_data,
)
from sandbox.engine.services.transfers import (
    TransferInput,
    assignment_case,
    create_invoice,
    transfer_invoice,
)
from sandbox.engine.validation import FieldError, Fields
from sandbox.maventa.auth import companies, company_for, idempotency_scope, require_token
from sandbox.maventa.payers import parse_invoice, parse_payers
from sandbox.maventa.serializers import invoice_data, transfer_data

COLLECTION_TYPES = ["reminder_and_collection", "collection"]
RECEIVABLES_TYPES = ["b2b", "b2c", "b2b_rental", "b2c_rental"]


def invalid(errors: list[FieldError], message: str = "the request is not valid") -> HttpResponse:
    details = [{"field": e.field, "message": e.message} for e in errors]
    return maventa_error(400, "validation_error", message, details)


def case_error(exc: CaseError) -> HttpResponse:
    details = exc.details if exc.details is not None else {}
    if exc.field:
        details = [{"field": exc.field, "message": exc.message}]
    return maventa_error(exc.status, exc.code, exc.message, details)


def read_body(request: HttpRequest) -> dict[str, Any] | HttpResponse:
    try:
        return read_object(request)
    except InvalidJson as exc:
        return maventa_error(400, "invalid_json", str(exc))


@allow("GET", "PUT", "DELETE")
@require_token
def receivables_service(request: HttpRequest) -> HttpResponse:
    """``PUT/GET/DELETE /v2/services/ropo/receivables`` for the caller's (or named) company."""
    body = read_body(request) if request.method == "PUT" else {}
    if isinstance(body, HttpResponse):
        return body
    company = company_for(request, body.get("company_id"))
    if request.method == "GET":
        return json_response(service_data(refresh_service(company)))
    if request.method == "DELETE":
        return json_response(service_data(close_service(company)))
    email = body.get("agreement_contact_email")
    try:
        validate_email(email)
    except ValidationError:
        return invalid([FieldError("agreement_contact_email", "must be an e-mail address")])
    return json_response(service_data(request_activation(company, contact_email=email)))


def _invoice(request: HttpRequest, invoice_id: uuid.UUID) -> MaventaInvoice | None:
    invoices = MaventaInvoice.objects.select_related("creditor")
    return invoices.filter(pk=invoice_id, creditor__in=companies(request)).first()


def _not_found() -> HttpResponse:
    return maventa_error(404, "not_found", "no such invoice for this account")


@allow("GET", "POST")
@require_token
def invoices(request: HttpRequest) -> HttpResponse:
    """``GET /v2/invoices`` (the company's invoices) and ``POST`` (sandbox-only: add one)."""
    if request.method == "POST":
        return _create_invoice(request)
    found = MaventaInvoice.objects.select_related("creditor").filter(
        creditor__in=companies(request)
    )
    if request.GET.get("company_id"):
        found = found.filter(creditor=company_for(request))
    cases = {c.maventa_invoice_id: c for c in Case.objects.filter(maventa_invoice_id__isnull=False)}
    return json_response([invoice_data(i, cases.get(i.pk)) for i in found.order_by("due_date")])


@idempotent(idempotency_scope)
def _create_invoice(request: HttpRequest) -> HttpResponse:
    body = read_body(request)
    if isinstance(body, HttpResponse):
        return body
    company = company_for(request, body.get("company_id"))
    errors: list[FieldError] = []
    data = parse_invoice(body, errors)
    if data is None:
        return invalid(errors, "the invoice was not created")
    try:
        invoice = create_invoice(company, data)
    except CaseError as exc:
        return case_error(exc)
    return json_response(invoice_data(invoice, None), status=201)


@allow("GET")
@require_token
def invoice_detail(request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
    invoice = _invoice(request, invoice_id)
    if invoice is None:
        return _not_found()
    return json_response(invoice_data(invoice, assignment_case(invoice.pk)))


def _transfer_input(body: dict[str, Any]) -> tuple[TransferInput | None, list[FieldError]]:
    fields = Fields(body)
    collection_type = fields.choice("collection_type", COLLECTION_TYPES)
    receivables_type = fields.choice("receivables_type", RECEIVABLES_TYPES)
    summary = fields.text("assignment_summary", max_length=300)
    errors = fields.errors
    payers = parse_payers(body.get("payers"), errors)
    if errors or not (collection_type and receivables_type and summary):
        return None, errors
    return TransferInput(collection_type, receivables_type, payers, summary), []


@allow("POST")
@require_token
@idempotent(idempotency_scope)
def transfer(request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
    """``POST /v2/invoices/{id}/assignment/ropo``: hand an overdue invoice to Ropo."""
    invoice = _invoice(request, invoice_id)
    if invoice is None:
        return _not_found()
    body = read_body(request)
    if isinstance(body, HttpResponse):
        return body
    data, errors = _transfer_input(body)
    if data is None:
        return invalid(errors, "the invoice was not transferred")
    try:
        case = transfer_invoice(invoice, data, idempotency_key=request.idempotency_key)
    except CaseError as exc:
        return case_error(exc)
    reads = FaultSettings.current().transfer_pending_reads
    if reads:
        case.maventa_transfer_status, case.maventa_pending_reads = TransferStatus.PENDING, reads
        case.save(update_fields=["maventa_transfer_status", "maventa_pending_reads"])
    return json_response({**transfer_data(case), "invoice_id": str(invoice.pk)}, status=201)


@transaction.atomic
def _read_transfer(case: Case) -> Case:
    """A pending transfer counts the reads down, then is ``sent``."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.maventa_transfer_status == TransferStatus.PENDING:
        case.maventa_pending_reads = max(case.maventa_pending_reads - 1, 0)
        if case.maventa_pending_reads == 0:
            case.maventa_transfer_status = TransferStatus.SENT
        case.save(update_fields=["maventa_transfer_status", "maventa_pending_reads"])
    return case


@allow("GET")
@require_token
def transfer_status(request: HttpRequest, invoice_id: uuid.UUID) -> HttpResponse:
    """``GET /v2/invoices/{id}/assignment``: ``{"status", "assignment_id", "errors"}``."""
    invoice = _invoice(request, invoice_id)
    if invoice is None:
        return _not_found()
    case = assignment_case(invoice.pk)
    if case is None:
        return maventa_error(404, "not_found", "this invoice has not been transferred")
    return json_response(transfer_data(_read_transfer(case)))
