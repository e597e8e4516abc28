"""Plain-JSON views of the engine's data, shared by the demo endpoints and ``dump_sandbox``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet

from sandbox.engine.models import Case, CaseEvent, Creditor, Debtor, DebtorKind, Status

Q_OPEN = Q(cases__status=Status.OPEN)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def creditor_data(creditor: Creditor) -> dict[str, Any]:
    """A creditor with its demo credentials (the sandbox holds demo data only)."""
    return {
        "key": creditor.key,
        "name": creditor.name,
        "country": creditor.country,
        "currency": creditor.currency,
        "business_id": creditor.business_id,
        "iban": creditor.iban,
        "bic": creditor.bic,
        "allows_legal_collection": creditor.allows_legal_collection,
        "receivables_service": creditor.receivables_service,
        "ropo_one": {"cid": creditor.cid, "apicode": creditor.apicode},
        "maventa": {
            "company_uuid": str(creditor.maventa_company_uuid),
            "api_key": creditor.maventa_api_key,
            "vendor_key": creditor.maventa_vendor_key,
        },
    }


def portal_accounts() -> dict[str, Any]:
    """The portal's own demo accounts: Ropo One integrator and Maventa partner."""
    return {
        "ropo_one": dict(settings.ROPO_ONE_INTEGRATOR),
        "maventa": dict(settings.MAVENTA_PARTNER),
    }


def creditors() -> list[dict[str, Any]]:
    return [creditor_data(c) for c in Creditor.objects.order_by("country", "name")]


def _debtor_base(debtor: Debtor) -> dict[str, Any]:
    return {
        "name": debtor.name,
        "kind": debtor.kind,
        "country": debtor.country,
        "identity_code": debtor.identity_code,
        "email": debtor.email,
        "language": debtor.language,
        "address": debtor.address,
        "postcode": debtor.postcode,
        "city": debtor.city,
        "cases": debtor.case_count,
        "open_cases": debtor.open_count,
    }


def _debtors() -> QuerySet[Debtor]:
    return Debtor.objects.annotate(
        case_count=Count("cases", distinct=True),
        open_count=Count("cases", filter=Q_OPEN, distinct=True),
    ).prefetch_related("representatives", "represented_companies")


def people_and_companies() -> dict[str, list[dict[str, Any]]]:
    """Seeded identities: people (with the companies they represent) and companies."""
    people, companies = [], []
    for debtor in _debtors().order_by("country", "name"):
        data = _debtor_base(debtor)
        if debtor.kind == DebtorKind.PERSON:
            data["represents"] = [c.identity_code for c in debtor.represented_companies.all()]
            people.append(data)
        else:
            data["business_id"] = data.pop("identity_code")
            data["representatives"] = [p.identity_code for p in debtor.representatives.all()]
            companies.append(data)
    return {"people": people, "companies": companies}


def case_data(case: Case) -> dict[str, Any]:
    return {
        "jobid": case.jobid,
        "creditor": case.creditor.key,
        "country": case.creditor.country,
        "debtor": {"country": case.debtor.country, "identity_code": case.debtor.identity_code},
        "channel": case.channel,
        "jobtype": case.jobtype,
        "billnum": case.billnum,
        "billcode": case.billcode,
        "currency": case.currency,
        "capital": _money(case.capital),
        "fees": _money(case.fees),
        "interest": _money(case.interest),
        "paid": _money(case.paid),
        "open_amount": _money(case.open_amount),
        "stage": case.stage,
        "status": case.status,
        "collection_status": case.collection_status,
        "billdate": case.billdate.isoformat(),
        "paydate": case.paydate.isoformat(),
        "noticedate": case.noticedate.isoformat() if case.noticedate else None,
        "description": case.description,
        "receivables_type": case.receivables_type,
        "collection_type": case.collection_type,
        "maventa_assignment_id": str(case.maventa_assignment_id)
        if case.maventa_assignment_id
        else None,
        "rows": [
            {
                "desc": r.desc,
                "count": str(r.count),
                "amount": _money(r.amount),
                "taxpr": str(r.taxpr),
            }
            for r in case.rows.all()
        ],
        "events": [
            {
                "id": e.id,
                "kind": e.kind,
                "amount": _money(e.amount),
                "occurred_at": e.occurred_at.isoformat(),
                "data": e.data,
            }
            for e in case.events.all()
        ],
        "letters": [
            {
                "kind": x.kind,
                "sent_on": x.sent_on.isoformat(),
                "language": x.language,
                "due_date": x.due_date.isoformat() if x.due_date else None,
                "amount_due": _money(x.amount_due),
            }
            for x in case.letters.all()
        ],
    }


def cases() -> list[dict[str, Any]]:
    queryset = (
        Case.objects.select_related("creditor", "debtor")
        .prefetch_related("rows", "letters", Prefetch("events", CaseEvent.objects.order_by("id")))
        .order_by("jobid")
    )
    return [case_data(c) for c in queryset]
