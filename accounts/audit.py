"""The one helper that writes the audit trail."""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from accounts.models import AuditEntry, User


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _object_id(obj: models.Model | None) -> str:
    """The id people and agents see (public id, MyRopo ID), else the primary key."""
    if obj is None:
        return ""
    return str(getattr(obj, "public_id", None) or getattr(obj, "myropo_id", None) or obj.pk)


def record(
    action: str,
    *,
    actor: User | None = None,
    actor_label: str = "",
    obj: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    data: dict | None = None,
) -> AuditEntry:
    """Append one audit entry. `action` is dotted (`payment.booked`); `actor` None = system."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label or (actor.email if actor else "system"),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=_object_id(obj),
        before=_jsonable(before),
        after=_jsonable(after),
        data=_jsonable(data),
    )
