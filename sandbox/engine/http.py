"""JSON in and out for the facades: bodies parsed with ``Decimal`` numbers, answers as JSON.

Each facade speaks its own error dialect (Ropo One ``errorId`` (an integer)/``errorText``, Maventa
``code``/``message``/``details``); ``api_error`` picks it from the request path so that shared
layers (the fault knobs, idempotency) answer in the right one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from sandbox.ropo_one.assumed import error_id

ROPO_ONE_PREFIXES = ("/fi/rest/", "/se/rest/", "/no/rest/")
MAVENTA_PREFIX = "/maventa/"


class InvalidJson(ValueError):
    """The request body is not the JSON object the endpoint expects."""


def read_json(request: HttpRequest, *, default: Any = None) -> Any:
    """The JSON body (numbers with a fraction become ``Decimal``); ``default`` if it is empty."""
    if not request.body.strip():
        if default is None:
            raise InvalidJson("the request body is empty")
        return default
    try:
        return json.loads(request.body, parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidJson(f"the request body is not valid JSON: {exc}") from exc


def read_object(request: HttpRequest) -> dict[str, Any]:
    data = read_json(request, default={})
    if not isinstance(data, dict):
        raise InvalidJson("the request body must be a JSON object")
    return data


def json_response(
    data: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> JsonResponse:
    response = JsonResponse(
        data,
        status=status,
        safe=False,
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def is_ropo_one(path: str) -> bool:
    return path.startswith(ROPO_ONE_PREFIXES)


def is_maventa(path: str) -> bool:
    return path.startswith(MAVENTA_PREFIX)


def ropo_one_error(
    status: int, reason: str, text: str, errors: list[dict[str, Any]] | None = None
) -> JsonResponse:
    """``{errorId: integer, errorText}`` (``AuthError``'s shape; the numbers are assumed, one per
    ``reason``: ``sandbox/ropo_one/assumed.py``), plus ``errors`` for per-item problems."""
    body: dict[str, Any] = {"errorId": error_id(reason), "errorText": text}
    if errors is not None:
        body["errors"] = errors
    return json_response(body, status=status)


def problem_response(
    status: int, type_uri: str, title: str, detail: str, *, content_type: str, **extra: Any
) -> JsonResponse:
    """An RFC 7807 problem ``{status, type, title, detail}`` plus extension members."""
    body = {"status": status, "type": type_uri, "title": title, "detail": detail, **extra}
    response = json_response(body, status=status)
    response["Content-Type"] = content_type
    return response


def maventa_error(status: int, code: str, message: str, details: Any = None) -> JsonResponse:
    body = {"code": code, "message": message, "details": {} if details is None else details}
    return json_response(body, status=status)


def api_error(request: HttpRequest, status: int, code: str, message: str) -> JsonResponse:
    """An error in the dialect of the API the request went to."""
    if is_maventa(request.path):
        return maventa_error(status, code, message)
    if is_ropo_one(request.path):
        return ropo_one_error(status, code, message)
    return json_response({"error": code, "message": message}, status=status)


def allow(*methods: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Like ``require_http_methods``, but the 405 answers in the API's error dialect."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                message = f"use {', '.join(methods)}"
                response = api_error(request, 405, "method_not_allowed", message)
                response["Allow"] = ", ".join(methods)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def unknown_endpoint(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """Catch-all of an API tree: 404 in its dialect rather than an HTML page."""
    return api_error(request, 404, "not_found", f"no endpoint {request.path}")


def fault_knobs_view(knobs: Any) -> Callable[[HttpRequest], JsonResponse]:
    """``GET``/``POST``/``DELETE`` view over a knobs module (``describe``, ``reset``,
    ``configure``, ``FaultConfigError``): read, replace or reset its settings."""
    from django.views.decorators.http import require_http_methods

    @csrf_exempt
    @require_http_methods(["GET", "POST", "DELETE"])
    def view(request: HttpRequest) -> JsonResponse:
        if request.method == "GET":
            return json_response(knobs.describe())
        if request.method == "DELETE":
            return json_response(knobs.reset())
        try:
            return json_response(knobs.configure(read_object(request)))
        except InvalidJson as exc:
            return json_response({"error": "invalid_json", "message": str(exc)}, status=400)
        except knobs.FaultConfigError as exc:
            body = {"error": "invalid_faults", "message": str(exc), "fields": exc.errors}
            return json_response(body, status=400)

    return view
