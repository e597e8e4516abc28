"""One JSON shape for every API error: `{"code", "message", "details"}`.

Validation errors answer 422 with `details` mapping field names to messages.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "This request conflicts with an earlier one."


class Unprocessable(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "validation_error"
    default_detail = "The request is not valid."

    def __init__(self, detail=None, code=None, *, details=None):
        super().__init__(detail, code)
        self.details = details or {}


class Unavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "upstream_unavailable"
    default_detail = "Maventa cannot be reached just now. Please try again soon."


CODES = {
    exceptions.NotAuthenticated: "unauthenticated",
    exceptions.AuthenticationFailed: "unauthenticated",
    exceptions.PermissionDenied: "forbidden",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.ParseError: "invalid_json",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}


def error_response(code: str, message: str, status_code: int, details=None, headers=None):
    body = {"code": code, "message": str(message), "details": details or {}}
    return Response(body, status=status_code, headers=headers)


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        return error_response(
            "validation_error", "The request is not valid.", 422, details=exc.detail
        )
    if isinstance(exc, Unprocessable):
        return error_response(_code(exc), exc.detail, 422, details=exc.details)
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    code = _code(exc) if isinstance(exc, Conflict) else CODES.get(type(exc), exc.default_code)
    return error_response(code, exc.detail, exc.status_code, headers=headers)


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.JSONField()
