"""Applying upstream case snapshots to the replica, in bulk and idempotently.

A batch costs a bounded number of queries whatever its size: one read of the versions we hold
(locking those rows) with their debtors, one read of any other debtors, one upsert each for
creditors, debtors and invoices (returning their ids), one delete and one insert of the rows
of cases whose rows or letters changed, one insert of letters, one touch of the unchanged, one
update of confirmed payments. A snapshot older than (or as old as) the one we hold changes
nothing, so applying the same update twice, or an old one late, leaves the same state.
"""

import hashlib
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from accounts import audit
from accounts.identity import InvalidIdentity, canonical_hash, canonical_identity
from invoices.models import Creditor, DebtorParty, Invoice, InvoiceRow, Letter, ReportedPayment
from invoices.public_id import new_myropo_id
from invoices.snapshots import CaseSnapshot, CreditorSnapshot, DebtorSnapshot
from myropo.db import copy_insert, copy_upsert, fetch_by_keys

logger = logging.getLogger(__name__)

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


@dataclass
class _Plan:
    held: dict[str, tuple[int, int, str]]
    fresh: list[CaseSnapshot]
    stale_ids: list[int]
    digests: dict[str, str]
    documents: list[CaseSnapshot]
    # (kind, identity hash) -> (pk, details) of the debtors of the cases we hold
    debtors: dict[tuple[str, str], tuple[int, tuple]]


def apply_case_updates(batch: Sequence[CaseSnapshot], *, source: str = "sync") -> ApplyResult:
    """Upsert a batch of upstream snapshots into the replica; newer versions win.

    Snapshots whose debtor identity is invalid are skipped (and logged without the code).
    Confirms reported payments the replica has caught up with. Writes one audit entry.
    """
    latest = _latest_per_case(batch)
    valid = [snap for snap in latest if _identity_ok(snap.debtor)]
    with transaction.atomic():
        plan = _plan(valid)
        now = timezone.now()
        if plan.fresh:
            creditors = _upsert_creditors({s.creditor for s in plan.fresh}, now)
            debtors = _upsert_debtors({s.debtor for s in plan.fresh}, plan.debtors, now)
            ids = _upsert_invoices(plan, creditors, debtors, now)
            _replace_rows(plan.documents, ids)
            _add_letters(plan.documents, ids)
        else:
            ids = {}
        if plan.stale_ids:
            Invoice.objects.filter(id__any=plan.stale_ids).update(synced_at=now)
        # A payment booked at version V is in the replica from version V on, however the
        # replica got there (this batch, or an earlier one that overtook the booking).
        _confirm_reported_payments([*ids.values(), *plan.stale_ids], now)
        result = ApplyResult(
            received=len(batch),
            applied=len(plan.fresh),
            unchanged=len(valid) - len(plan.fresh),
            skipped=len(latest) - len(valid),
        )
        if plan.fresh:
            audit.record("sync.applied", actor_label=f"system:{source}", data=result.__dict__)
    return result


def _plan(valid: list[CaseSnapshot]) -> _Plan:
    """Which snapshots are newer than what we hold, and which bring new rows or letters."""
    held, debtors = _held_versions(valid)
    fresh = [s for s in valid if s.version > held.get(s.upstream_id, (0, -1, ""))[1]]
    fresh_keys = {s.upstream_id for s in fresh}
    digests = {s.upstream_id: content_digest(s) for s in fresh}
    return _Plan(
        held=held,
        fresh=fresh,
        stale_ids=[pk for key, (pk, *_) in held.items() if key not in fresh_keys],
        digests=digests,
        # Rows and letters rarely change; rewrite them only where their digest moved.
        documents=[
            s for s in fresh if digests[s.upstream_id] != held.get(s.upstream_id, (0, 0, ""))[2]
        ],
        debtors=debtors,
    )


def _latest_per_case(batch: Iterable[CaseSnapshot]) -> list[CaseSnapshot]:
    latest: dict[tuple[str, str], CaseSnapshot] = {}
    for snap in batch:
        if snap.key not in latest or snap.version > latest[snap.key].version:
            latest[snap.key] = snap
    return list(latest.values())


@lru_cache(maxsize=65536)
def _identity(country: str, kind: str, code: str, key: str) -> tuple[str, str] | None:
    """(canonical code, lookup hash), or None if invalid; `key` keys the cache to the secret."""
    try:
        canonical = canonical_identity(country, kind, code)
    except InvalidIdentity:
        return None
    return canonical, canonical_hash(country, kind, canonical)


def _identity_of(debtor: DebtorSnapshot) -> tuple[str, str] | None:
    return _identity(debtor.country, debtor.kind, debtor.identity_code, settings.BLIND_INDEX_KEY)


def _identity_ok(debtor: DebtorSnapshot) -> bool:
    if _identity_of(debtor) is None:
        logger.warning("sync: skipped a case whose debtor identity is invalid (%s)", debtor.country)
        return False
    return True


def content_digest(snap: CaseSnapshot) -> str:
    """A short digest of a snapshot's rows and letters."""
    return hashlib.blake2b(repr((snap.rows, snap.letters)).encode(), digest_size=12).hexdigest()


DEBTOR_DETAILS = ["name", "street_address", "postal_code", "city", "email", "language"]
HELD = ["upstream_id", "id", "upstream_version", "content_digest"]
HELD_DEBTOR = ["kind", "identity_hash", "id"]


def _held_versions(batch: Sequence[CaseSnapshot]) -> tuple[dict, dict]:
    """upstream id -> (pk, version, digest) for the cases we hold, locked until commit; and
    (kind, identity hash) -> (pk, details) for their debtors (read in the same query)."""
    if not batch:
        return {}, {}
    if connection.vendor == "postgresql":
        rows = fetch_by_keys(
            Invoice._meta.db_table,
            ("upstream_system", "upstream_id"),
            [(s.upstream_system, s.upstream_id) for s in batch],
            [
                *(f"t.{c}" for c in HELD),
                *(f"d.{c}" for c in HELD_DEBTOR + DEBTOR_DETAILS),
            ],
            join=f"JOIN {DebtorParty._meta.db_table} d ON d.id = t.debtor_id",
            lock=True,
        )
    else:
        rows = (
            Invoice.objects.select_for_update()
            .filter(
                upstream_system__in={s.upstream_system for s in batch},
                upstream_id__any=[s.upstream_id for s in batch],
            )
            .values_list(*HELD, *(f"debtor__{c}" for c in HELD_DEBTOR + DEBTOR_DETAILS))
        )
    held, debtors = {}, {}
    for upstream_id, pk, version, digest, kind, identity_hash, debtor_id, *details in rows:
        held[upstream_id] = (pk, version, digest)
        debtors[(kind, identity_hash)] = (debtor_id, tuple(details))
    return held, debtors


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
    rows = Creditor.objects.filter(business_id__any=[o.business_id for o in objs]).values_list(
        "country", "business_id", "id"
    )
    return {(country, business_id): pk for country, business_id, pk in rows}


def _debtor_key(debtor: DebtorSnapshot) -> tuple[str, str]:
    return (debtor.kind, _identity_of(debtor)[1])


def _upsert_debtors(
    snaps: set[DebtorSnapshot], held: dict[tuple[str, str], tuple[int, tuple]], now
) -> dict[tuple[str, str], int]:
    """Insert new debtors (identity encrypted), update changed details, skip the rest.

    `held` already has the debtors of the cases we hold; only the others are looked up.
    """
    by_key = {_debtor_key(d): d for d in snaps}
    known = {key: held[key] for key in by_key if key in held}
    if missing := [key for key in by_key if key not in known]:
        known |= {
            (kind, digest): (pk, tuple(rest)) for kind, digest, pk, *rest in _known_debtors(missing)
        }
    ids = {key: pk for key, (pk, _) in known.items()}
    values = [
        _debtor_values(key, d, new=key not in known, now=now)
        for key, d in by_key.items()
        if key not in known or known[key][1] != tuple(getattr(d, f) for f in DEBTOR_DETAILS)
    ]
    if not values:
        return ids
    update = [*DEBTOR_DETAILS, "updated_at"]
    if connection.vendor == "postgresql":
        field = DebtorParty._meta.get_field("identity_code")
        for row in values:  # COPY bypasses the field: encrypt here
            row["identity_code"] = field.get_prep_value(row["identity_code"])
        columns = list(values[0])
        written = copy_upsert(
            DebtorParty._meta.db_table,
            columns,
            ([row[c] for c in columns] for row in values),
            conflict=["kind", "identity_hash"],
            update=update,
            returning=["kind", "identity_hash", "id"],
        )
        return ids | {(kind, digest): pk for kind, digest, pk in written}
    DebtorParty.objects.bulk_create(
        [DebtorParty(**row) for row in values],
        update_conflicts=True,
        unique_fields=["kind", "identity_hash"],
        update_fields=update,
    )
    rows = DebtorParty.objects.filter(identity_hash__any=[k[1] for k in by_key]).values_list(
        "kind", "identity_hash", "id"
    )
    return {(kind, digest): pk for kind, digest, pk in rows}


def _known_debtors(keys) -> Iterable[tuple]:
    """(kind, identity hash, id, *DEBTOR_DETAILS) of the debtors we hold among `keys`."""
    if connection.vendor == "postgresql":
        return fetch_by_keys(
            DebtorParty._meta.db_table,
            ("kind", "identity_hash"),
            keys,
            [f"t.{c}" for c in HELD_DEBTOR + DEBTOR_DETAILS],
        )
    return DebtorParty.objects.filter(
        kind__in={kind for kind, _ in keys}, identity_hash__any=[digest for _, digest in keys]
    ).values_list("kind", "identity_hash", "id", *DEBTOR_DETAILS)


def _debtor_values(key: tuple[str, str], d: DebtorSnapshot, *, new: bool, now) -> dict:
    """Columns for one debtor; the identity code only for debtors we do not hold (an upsert
    never changes it, so known debtors skip the encryption)."""
    return {
        "public_id": uuid.uuid4(),
        "kind": d.kind,
        "country": d.country,
        "identity_code": _identity_of(d)[0] if new else None,
        "identity_hash": key[1],
        **{f: getattr(d, f) for f in DEBTOR_DETAILS},
        "created_at": now,
        "updated_at": now,
    }


INVOICE_COLUMNS = (
    "myropo_id",
    "creditor_id",
    "debtor_id",
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
    "collection_paused",
    "upstream_system",
    "upstream_id",
    "maventa_assignment_id",
    "upstream_version",
    "upstream_updated_at",
    "content_digest",
    "synced_at",
    "created_at",
    "updated_at",
)
# Written when a case first arrives, never changed by a later snapshot (the MyRopo ID stays).
INSERT_ONLY = ("myropo_id", "upstream_system", "upstream_id", "created_at")


def _invoice_values(s: CaseSnapshot, plan: _Plan, creditors, debtors, now) -> tuple:
    """The invoice columns (`INVOICE_COLUMNS`) for one snapshot, for both write paths."""
    return (
        "" if s.upstream_id in plan.held else new_myropo_id(),
        creditors[(s.creditor.country, s.creditor.business_id)],
        debtors[_debtor_key(s.debtor)],
        s.invoice_number,
        s.reference,
        s.description,
        s.country,
        s.currency,
        s.capital,
        s.fees,
        s.interest,
        s.paid,
        s.balance,
        s.invoice_date,
        s.due_date,
        s.status,
        s.stage,
        s.collection_status,
        s.on_hold,
        s.upstream_system,
        s.upstream_id,
        s.maventa_assignment_id,
        s.version,
        s.updated_at,
        plan.digests[s.upstream_id],
        now,
        now,
        now,
    )


def _upsert_invoices(plan: _Plan, creditors, debtors, now) -> dict[str, int]:
    rows = [_invoice_values(s, plan, creditors, debtors, now) for s in plan.fresh]
    updates = [c for c in INVOICE_COLUMNS if c not in INSERT_ONLY]
    if connection.vendor == "postgresql":
        # COPY into a staging table, one upsert that never moves a version back.
        written = copy_upsert(
            Invoice._meta.db_table,
            INVOICE_COLUMNS,
            rows,
            conflict=["upstream_system", "upstream_id"],
            update=updates,
            update_where=f"{Invoice._meta.db_table}.upstream_version < EXCLUDED.upstream_version",
            returning=["upstream_id", "id"],
        )
        return dict(written)
    objs = [Invoice(**dict(zip(INVOICE_COLUMNS, row, strict=True))) for row in rows]
    for obj in objs:
        obj.myropo_id = obj.myropo_id or new_myropo_id()
    Invoice.objects.bulk_create(
        objs,
        update_conflicts=True,
        unique_fields=["upstream_system", "upstream_id"],
        update_fields=[
            c.removesuffix("_id") if c in ("creditor_id", "debtor_id") else c for c in updates
        ],
    )
    rows = Invoice.objects.filter(
        upstream_system__in={s.upstream_system for s in plan.fresh},
        upstream_id__any=[s.upstream_id for s in plan.fresh],
    ).values_list("upstream_id", "id")
    return dict(rows)


def _replace_rows(changed: Sequence[CaseSnapshot], ids: dict[str, int]) -> None:
    """Rewrite the rows of the `changed` cases this batch wrote (`ids`); the others keep theirs."""
    fresh = [s for s in changed if s.upstream_id in ids]
    if not fresh:
        return
    InvoiceRow.objects.filter(invoice_id__any=[ids[s.upstream_id] for s in fresh]).delete()
    if connection.vendor == "postgresql":
        copy_insert(
            InvoiceRow._meta.db_table,
            [
                "invoice_id",
                "position",
                "description",
                "quantity",
                "unit_price",
                "vat_rate",
                "total",
            ],
            (
                (
                    ids[s.upstream_id],
                    n,
                    r.description,
                    r.quantity,
                    r.unit_price,
                    r.vat_rate,
                    r.total,
                )
                for s in fresh
                for n, r in enumerate(s.rows, start=1)
            ),
        )
        return
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
            if s.upstream_id in ids
            for letter in s.letters
            if letter.kind in LETTER_KINDS
        ),
        ignore_conflicts=True,
    )


def _confirm_reported_payments(invoice_ids: list[int], now) -> None:
    """A payment booked upstream at version V is in every replica state from version V on."""
    if not invoice_ids:
        return
    # One statement; the partial index on sent payments answers it at once when (as usual)
    # there are none.
    ReportedPayment.objects.filter(
        invoice_id__any=invoice_ids,
        status=ReportedPayment.Status.SENT,
        upstream_version__lte=F("invoice__upstream_version"),
    ).update(status=ReportedPayment.Status.CONFIRMED, updated_at=now)
