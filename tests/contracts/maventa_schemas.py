"""The compiled Maventa schemas (``schemas/maventa.schemas.json``) as JSON Schema.

Same form as the Ropo One file, with looser ``type`` texts (``"array (inferred)"``,
``"string (key name not_found)"``): the first word is the type. Only ``required: true`` makes a
field required (``"inferred"`` does not); ``complete: true`` allows no other fields.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

FILE = Path(__file__).parent / "schemas" / "maventa.schemas.json"
JSON_TYPES = {"string", "integer", "number", "boolean", "array", "object"}


@cache
def compiled() -> dict[str, Any]:
    return json.loads(FILE.read_text(encoding="utf-8"))


def _property(spec: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in spec:
        return json_schema(spec["$ref"])
    kind = str(spec.get("type", "")).split(" ")[0]
    out: dict[str, Any] = {}
    if kind == "object":
        out = _object(spec)
    elif kind in JSON_TYPES:
        out["type"] = kind
        if kind == "array" and "items" in spec:
            out["items"] = _property(spec["items"])
    if "enum" in spec:
        out["enum"] = spec["enum"]
    return out


def _object(spec: dict[str, Any]) -> dict[str, Any]:
    properties = spec.get("properties", {})
    out: dict[str, Any] = {
        "type": "object",
        "properties": {name: _property(field) for name, field in properties.items()},
        "required": sorted(n for n, f in properties.items() if f.get("required") is True),
    }
    if spec.get("complete") is True:
        out["additionalProperties"] = False
    return out


def json_schema(name: str) -> dict[str, Any]:
    return _object(compiled()["schemas"][name])


def operation(op_id: str) -> dict[str, Any]:
    return next(op for op in compiled()["operations"] if op["id"] == op_id)


def validate(instance: Any, name: str) -> None:
    jsonschema.validate(instance, json_schema(name))
