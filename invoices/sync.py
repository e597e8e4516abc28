"""Applying upstream case snapshots to the replica, in bulk and idempotently.

A batch costs a constant number of queries whatever its size: one read of the versions we
hold (locking those rows), one upsert each for creditors, debtors and invoices with one read
back of their ids, one delete and one insert of rows, one insert of letters, one touch of the
unchanged. A snapshot older than (or as old as) the one we hold changes nothing, so applying
the same update twice, or an old one late, leaves the same state.
"""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts import audit
from accounts.identity import InvalidIdentity, canonical_identity, identity_hash
from invoices.models import Creditor, DebtorParty, Invoice, InvoiceRow, Letter, ReportedPayment
from invoices.snapshots import CaseSnapshot, CreditorSnapshot, DebtorSnapshot

logger = logging.getLogger(__name__)

INVOICE_UPDATE_FIELDS = [
    "creditor",
    "debtor",
    "invoice_number",
    "reference",
    "description",
    "country",
    "currency",
    "capital",
    "fees",
    "interest",
    "paid",
    "balance",
    "invoice_date",
    "due_date",
    "status",
    "stage",
    "collection_status",
    "maventa_assignment_id",
    "upstream_version",
    "upstream_updated_at",
    "synced_at",
    "updated_at",
]
LETTER_KINDS = {
    "postponement": Letter.Kind.POSTPONEMENT_CONFIRMATION,
    **{kind: kind for kind in Letter.Kind.values},
}


@dataclass(frozen=True)
class ApplyResult:
    received: int
    applied: int
    unchanged: int
    skipped: int


def apply_case_updates(batch: Sequence[CaseSnapshot], *, source: str = "sync") -> ApplyResult:
    """Upsert a batch of upstream snapshots into the replica; newer versions win.

    Snapshots whose debtor identity is invalid are skipped (and logged without the code).
    Confirms reported payments the replica has caught up with. Writes one audit entry.
    """
    latest = _latest_per_case(batch)
    valid = [snap for snap in latest if _identity_ok(snap.debtor)]
    with transaction.atomic():
        held = _held_versions(valid)
        fresh = [s for s in valid if s.version > held.get(s.upstream_id, (None, -1))[1]]
        fresh_keys = {s.upstream_id for s in fresh}
        stale_ids = [pk for upstream_id, (pk, _) in held.items() if upstream_id not in fresh_keys]
        now = timezone.now()
        if fresh:
            creditors = _upsert_creditors({s.creditor for s in fresh}, now)
            debtors = _upsert_debtors({s.debtor for s in fresh}, now)
            ids = _upsert_invoices(fresh, creditors, debtors, now)
            _replace_rows(fresh, ids)
            _add_letters(fresh, ids)
            _confirm_reported_payments(ids.values())
        if stale_ids:
            Invoice.objects.filter(id__in=stale_ids).update(synced_at=now)
        result = ApplyResult(
            received=len(batch),
            applied=len(fresh),
            unchanged=len(valid) - len(fresh),
            skipped=len(latest) - len(valid),
        )
        if fresh:
            audit.record("sync.applied", actor_label=f"system:{source}", data=result.__dict__)
    return result


def _latest_per_case(batch: Iterable[CaseSnapshot]) -> list[CaseSnapshot]:
    latest: dict[tuple[str, str], CaseSnapshot] = {}
    for snap in batch:
        if snap.key not in latest or snap.version > latest[snap.key].version:
            latest[snap.key] = snap
    return list(latest.values())


def _identity_ok(debtor: DebtorSnapshot) -> bool:
    try:
        canonical_identity(debtor.country, debtor.kind, debtor.identity_code)
    except InvalidIdentity:
        logger.warning("sync: skipped a case whose debtor identity is invalid (%s)", debtor.country)
        return False
    return True


def _held_versions(batch: Sequence[CaseSnapshot]) -> dict[str, tuple[int, int]]:
    """upstream id -> (pk, version) for the cases we hold, rows locked until commit."""
    if not batch:
        return {}
    systems = {s.upstream_system for s in batch}
    rows = (
        Invoice.objects.select_for_update()
        .filter(upstream_system__in=systems, upstream_id__in=[s.upstream_id for s in batch])
        .values_list("upstream_id", "id", "upstream_version")
    )
    return {upstream_id: (pk, version) for upstream_id, pk, version in rows}


def _upsert_creditors(snaps: set[CreditorSnapshot], now) -> dict[tuple[str, str], int]:
    objs = [
        Creditor(
            name=c.name,
            business_id=c.business_id,
            country=c.country,
            currency=c.currency,
            iban=c.iban,
            bic=c.bic,
            allows_legal_collection=c.allows_legal_collection,
            updated_at=now,
        )
        for c in {(c.country, c.business_id): c for c in snaps}.values()
    ]
    Creditor.objects.bulk_create(
        objs,
        update_conflicts=True,
        unique_fields=["country", "business_id"],
        update_fields=["name", "currency", "iban", "bic", "allows_legal_collection", "updated_at"],
    )
    rows = Creditor.objects.filter(business_id__in=[o.business_id for o in objs]).values_list(
        "country", "business_id", "id"
    )
    return {(country, business_id): pk for country, business_id, pk in rows}


def _debtor_key(debtor: DebtorSnapshot) -> tuple[str, str]:
    return (debtor.kind, identity_hash(debtor.country, debtor.kind, debtor.identity_code))


def _upsert_debtors(snaps: set[DebtorSnapshot], now) -> dict[tuple[str, str], int]:
    by_key = {_debtor_key(d): d for d in snaps}
    objs = [
        DebtorParty(
            kind=d.kind,
            name=d.name,
            country=d.country,
            identity_code=canonical_identity(d.country, d.kind, d.identity_code),
            identity_hash=key[1],
            street_address=d.street_address,
            postal_code=d.postal_code,
            city=d.city,
            email=d.email,
            language=d.language,
            updated_at=now,
        )
        for key, d in by_key.items()
    ]
    DebtorParty.objects.bulk_create(
        objs,
        update_conflicts=True,
        unique_fields=["kind", "identity_hash"],
        update_fields=[
            "name",
            "street_address",
            "postal_code",
            "city",
            "email",
            "language",
            "updated_at",
        ],
    )
    rows = DebtorParty.objects.filter(identity_hash__in=[k[1] for k in by_key]).values_list(
        "kind", "identity_hash", "id"
    )
    return {(kind, digest): pk for kind, digest, pk in rows}


def _upsert_invoices(fresh, creditors, debtors, now) -> dict[str, int]:
    objs = [
        Invoice(
            creditor_id=creditors[(s.creditor.country, s.creditor.business_id)],
            debtor_id=debtors[_debtor_key(s.debtor)],
            invoice_number=s.invoice_number,
            reference=s.reference,
            description=s.description,
            country=s.country,
            currency=s.currency,
            capital=s.capital,
            fees=s.fees,
            interest=s.interest,
            paid=s.paid,
            balance=s.balance,
            invoice_date=s.invoice_date,
            due_date=s.due_date,
            status=s.status,
            stage=s.stage,
            collection_status=s.collection_status,
            upstream_system=s.upstream_system,
            upstream_id=s.upstream_id,
            maventa_assignment_id=s.maventa_assignment_id,
            upstream_version=s.version,
            upstream_updated_at=s.updated_at,
            synced_at=now,
            updated_at=now,
        )
        for s in fresh
    ]
    Invoice.objects.bulk_create(
        objs,
        update_conflicts=True,
        unique_fields=["upstream_system", "upstream_id"],
        update_fields=INVOICE_UPDATE_FIELDS,
    )
    systems = {s.upstream_system for s in fresh}
    rows = Invoice.objects.filter(
        upstream_system__in=systems, upstream_id__in=[s.upstream_id for s in fresh]
    ).values_list("upstream_id", "id")
    return dict(rows)


def _replace_rows(fresh: Sequence[CaseSnapshot], ids: dict[str, int]) -> None:
    InvoiceRow.objects.filter(invoice_id__in=ids.values()).delete()
    InvoiceRow.objects.bulk_create(
        InvoiceRow(
            invoice_id=ids[s.upstream_id],
            position=position,
            description=row.description,
            quantity=row.quantity,
            unit_price=row.unit_price,
            vat_rate=row.vat_rate,
            total=row.total,
        )
        for s in fresh
        for position, row in enumerate(s.rows, start=1)
    )


def _add_letters(fresh: Sequence[CaseSnapshot], ids: dict[str, int]) -> None:
    # Letters never change once sent: add the ones we lack, leave the rest (and their PDFs).
    Letter.objects.bulk_create(
        (
            Letter(
                invoice_id=ids[s.upstream_id],
                kind=LETTER_KINDS[letter.kind],
                sent_on=letter.sent_on,
                language=letter.language,
                upstream_id=letter.upstream_id,
            )
            for s in fresh
            for letter in s.letters
            if letter.kind in LETTER_KINDS
        ),
        ignore_conflicts=True,
    )


def _confirm_reported_payments(invoice_ids: Iterable[int]) -> None:
    """A payment booked upstream at version V is in every replica state from version V on."""
    ReportedPayment.objects.filter(
        invoice_id__in=list(invoice_ids),
        status=ReportedPayment.Status.SENT,
        upstream_version__lte=F("invoice__upstream_version"),
    ).update(status=ReportedPayment.Status.CONFIRMED, updated_at=timezone.now())
