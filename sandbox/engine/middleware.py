"""Apply the fault knobs (``sandbox.engine.faults``) to the Ropo One and Maventa APIs only.

Errors (503) and timeouts (a sleep, then 504) strike before the view runs, so nothing is done;
a lost response (POST only) lets the view do its work and commit, then answers 502 instead,
cuts the connection in the middle of the answer, or keeps the client waiting
(``lost_response_as``: error, reset, timeout).
Health, the clock, the knobs themselves, the truth and the demo pages are never touched.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from sandbox.engine import faults
from sandbox.engine.http import api_error, is_maventa, is_ropo_one


class FaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.sandbox_dice = None
        if not (is_ropo_one(request.path) or is_maventa(request.path)):
            return self.get_response(request)
        dice = faults.roll()
        if dice is None:
            return self.get_response(request)
        request.sandbox_dice = dice
        return self._with_faults(request, dice)

    def _with_faults(self, request: HttpRequest, dice: faults.Dice) -> HttpResponse:
        if dice.settings.latency_ms:
            time.sleep(dice.settings.latency_ms / 1000)
        if dice.error:
            dice.count("errors")
            return api_error(request, 503, "service_unavailable", "injected fault: try again")
        if dice.timeout:
            dice.count("timeouts")
            time.sleep(dice.settings.timeout_seconds)
            return api_error(request, 504, "gateway_timeout", "injected fault: upstream timeout")
        response = self.get_response(request)
        if request.method == "POST" and dice.lost_response and response.status_code < 500:
            dice.count("lost_responses")
            return self._lost(request, dice)
        return response

    def _lost(self, request: HttpRequest, dice: faults.Dice) -> HttpResponse:
        if dice.settings.lost_response_as == "reset":
            return StreamingHttpResponse(_cut_off(), content_type="application/json")
        if dice.settings.lost_response_as == "timeout":
            time.sleep(dice.settings.timeout_seconds)
            return api_error(request, 504, "gateway_timeout", "injected fault: upstream timeout")
        return api_error(request, 502, "bad_gateway", "injected fault: the answer was lost")


class ConnectionCut(Exception):
    """Raised while an answer streams: the server drops the connection mid-answer."""


def _cut_off() -> Iterator[bytes]:
    yield b'{"jobid": '
    raise ConnectionCut("injected fault: the connection was reset")
