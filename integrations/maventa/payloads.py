"""Maventa Receivables API payloads (see docs/upstream-contracts.md)."""

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from integrations.http import UpstreamError


@dataclass(frozen=True)
class Assignment:
    """What the portal reads of an assignment: documented `invoice_id` and `reference_ids`
    (the sent invoice's UUID), `collection_status` (documented name, values assumed)."""

    id: uuid.UUID
    invoice_id: uuid.UUID | None
    reference_ids: tuple[uuid.UUID, ...]
    collection_status: str
    open_amount: Decimal | None
    raw: dict

    @property
    def invoice_ids(self) -> set[uuid.UUID]:
        return {self.invoice_id, *self.reference_ids} - {None}


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def assignment(data: dict[str, Any]) -> Assignment:
    try:
        amounts = data.get("amounts") or {}
        references = data.get("reference_ids") or []
        return Assignment(
            id=uuid.UUID(str(data["id"])),
            invoice_id=_uuid(data.get("invoice_id")),
            # other references (not UUIDs) may be listed too: only invoice UUIDs link
            reference_ids=tuple(r for r in map(_uuid, references) if r),
            collection_status=data.get("collection_status") or "",
            open_amount=Decimal(str(amounts["open"])) if "open" in amounts else None,
            raw=data,
        )
    except (ArithmeticError, KeyError, TypeError, ValueError) as exc:
        # Decimal("n/a") raises InvalidOperation, an ArithmeticError (not a ValueError)
        raise UpstreamError(f"malformed assignment: {exc!r}", permanent=True) from exc
