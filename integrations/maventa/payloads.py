"""Maventa Receivables API payloads (see docs/upstream-contracts.md)."""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from integrations.http import UpstreamError


@dataclass(frozen=True)
class Assignment:
    id: uuid.UUID
    collection_status: str
    updated_at: datetime.datetime | None
    ropo_country: str | None
    ropo_jobid: str | None
    ropo_version: int | None
    open_amount: Decimal | None
    raw: dict


def assignment(data: dict[str, Any]) -> Assignment:
    try:
        ropo = data.get("ropo_one") or {}
        updated = data.get("updated_at")
        amounts = data.get("amounts") or {}
        return Assignment(
            id=uuid.UUID(str(data["id"])),
            collection_status=data.get("collection_status") or "",
            updated_at=datetime.datetime.fromisoformat(updated) if updated else None,
            ropo_country=ropo.get("country"),
            ropo_jobid=str(ropo["jobid"]) if ropo.get("jobid") is not None else None,
            ropo_version=int(ropo["version"]) if ropo.get("version") is not None else None,
            open_amount=Decimal(str(amounts["open"])) if "open" in amounts else None,
            raw=data,
        )
    except (ArithmeticError, KeyError, TypeError, ValueError) as exc:
        # Decimal("n/a") raises InvalidOperation, an ArithmeticError (not a ValueError)
        raise UpstreamError(f"malformed assignment: {exc!r}", permanent=True) from exc
