"""The compiled Ropo One schemas (``schemas/ropo-one.schemas.json``) as JSON Schema.

The file describes each schema in its own form (``properties`` with a ``type``, a ``required``
flag and ``nullable``, plus ``complete`` when nothing was cut). ``json_schema(name)`` turns one
into a JSON Schema: a complete schema allows no other fields, a cut one does (more fields may
exist upstream). Nested ``$ref``s name other schemas of the file.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

FILE = Path(__file__).parent / "schemas" / "ropo-one.schemas.json"


@cache
def compiled() -> dict[str, Any]:
    return json.loads(FILE.read_text(encoding="utf-8"))


def _property(spec: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in spec:
        return json_schema(spec["$ref"])
    out: dict[str, Any] = {}
    kind = spec.get("type")
    if kind == "array":
        out["type"] = "array"
        if "items" in spec:
            out["items"] = _property(spec["items"])
    elif kind == "object":
        out = _object(spec)
    elif kind:
        out["type"] = [kind, "null"] if spec.get("nullable") else kind
    if "enum" in spec:
        out["enum"] = spec["enum"]
    return out


def _object(spec: dict[str, Any]) -> dict[str, Any]:
    properties = spec.get("properties", {})
    required = set(spec.get("required", [])) | {
        name for name, field in properties.items() if field.get("required") is True
    }
    out: dict[str, Any] = {
        "type": "object",
        "properties": {name: _property(field) for name, field in properties.items()},
        "required": sorted(required),
    }
    if spec.get("complete") is True:
        out["additionalProperties"] = False
    return out


def json_schema(name: str) -> dict[str, Any]:
    return _object(compiled()["schemas"][name])


def example(name: str) -> dict[str, Any]:
    """The documented example of a schema: every property's ``example``."""
    properties = compiled()["schemas"][name]["properties"]
    return {key: field["example"] for key, field in properties.items() if "example" in field}


def operation(op_id: str) -> dict[str, Any]:
    return next(op for op in compiled()["operations"] if op["id"] == op_id)


def documented_statuses(op_id: str) -> dict[str, str]:
    """Status code -> schema name of an operation's documented answers."""
    responses = operation(op_id)["responses"]
    return {code: r.get("schema", "") for code, r in responses.items() if code.isdigit()}


def validate(instance: Any, name: str) -> None:
    jsonschema.validate(instance, json_schema(name))
