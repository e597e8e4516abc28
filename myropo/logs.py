"""Log lines that can be followed: a request id on every line, from the web request into the
Celery tasks it enqueues and the outbox deliveries it causes; one JSON object per line in
production (docs/operations.md)."""

import contextlib
import contextvars
import json
import logging
import re
import uuid
from collections.abc import Iterator

from celery import signals
from django.core.signals import request_finished
from django.dispatch import receiver

HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
# An id from our own proxy is kept when it looks like one (no spaces, quotes or newlines to
# forge log lines with); anything else is replaced.
_VALID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


@contextlib.contextmanager
def bound(request_id: str) -> Iterator[None]:
    """Log under `request_id` (a new one when empty) inside the block."""
    token = _request_id.set(request_id or uuid.uuid4().hex)
    try:
        yield
    finally:
        _request_id.reset(token)


class RequestIdMiddleware:
    """Takes our proxy's X-Request-ID (or makes one), logs under it, answers with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if _VALID.match(given) else uuid.uuid4().hex
        # Set, not bound to this call: Django logs a 4xx/5xx answer after the middleware has
        # returned; `request_finished` clears it.
        _request_id.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


@receiver(request_finished)
def _forget_request_id(**kwargs) -> None:
    _request_id.set("")


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (`%(request_id)s`, the JSON's field)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True


class JsonLineFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, exception."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


@signals.before_task_publish.connect
def _send_request_id(headers=None, **kwargs) -> None:
    request_id = current_request_id()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


_task_tokens: dict[str, contextvars.Token] = {}


def task_request_id(request) -> str:
    """The id a task was sent with (a worker puts message headers on the request; `apply`
    keeps them under `headers`)."""
    given = getattr(request, TASK_HEADER, None) or (getattr(request, "headers", None) or {}).get(
        TASK_HEADER
    )
    return given if isinstance(given, str) and _VALID.match(given) else ""


@signals.task_prerun.connect
def _bind_task(task_id=None, task=None, **kwargs) -> None:
    request_id = task_request_id(task.request)
    if request_id or not current_request_id():  # eager tasks keep their caller's id
        _task_tokens[task_id] = _request_id.set(request_id or uuid.uuid4().hex)


@signals.task_postrun.connect
def _unbind_task(task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        _request_id.reset(token)
