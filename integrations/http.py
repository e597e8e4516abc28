"""What both collection-system clients share: one httpx client, errors, bearer tokens.

Every call has a timeout. Failures become `UpstreamError` with `permanent=True` when retrying
cannot help (4xx other than 408/409/425/429) and `permanent=False` otherwise (5xx, timeouts,
connection errors), so callers decide between giving up and backing off. `unsure` says whether
the request may have taken effect although no answer says so (a timeout after connecting, a
connection cut while waiting for the answer, a 5xx): callers of writes that must not be sent
twice ask upstream before sending again.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from django.conf import settings
from django.core.cache import cache

from myropo.metrics import count_upstream_call

logger = logging.getLogger(__name__)

RETRYABLE_STATUS = {408, 409, 425, 429}
# A conflict no retry can resolve: the case is closed upstream (docs/upstream-contracts.md).
PERMANENT_CODES = {"job_closed"}


class UpstreamError(Exception):
    """A call to an outside system failed; `permanent` says whether a retry could help."""

    def __init__(
        self,
        message: str,
        *,
        permanent: bool,
        status: int | None = None,
        code: str = "",
        unsure: bool = False,
    ):
        super().__init__(message)
        self.permanent = permanent
        self.status = status
        self.code = code
        self.unsure = unsure


def new_http_client(base_url: str, *, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    timeout = settings.OUTSIDE_TIMEOUT_SECONDS
    return httpx.Client(
        base_url=base_url.rstrip("/"),
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        transport=transport,
        headers={"User-Agent": "myropo-portal/1.0"},
    )


def send(
    client: httpx.Client,
    method: str,
    path: str,
    *,
    error_message: Callable[[httpx.Response], tuple[str, str]],
    **kwargs: Any,
) -> httpx.Response:
    """Send one request; return 2xx responses and raise `UpstreamError` for the rest."""
    try:
        response = _request(client, method, path, error_message=error_message, **kwargs)
    except UpstreamError as exc:
        count_upstream_call(str(client.base_url), "permanent" if exc.permanent else "retryable")
        raise
    count_upstream_call(str(client.base_url), "ok")
    return response


def _request(client, method, path, *, error_message, **kwargs) -> httpx.Response:
    try:
        response = client.request(method, path, **kwargs)
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        # Never connected: the request did not leave.
        raise UpstreamError(f"{method} {path} failed: {exc}", permanent=False) from exc
    except httpx.TimeoutException as exc:
        raise UpstreamError(f"{method} {path} timed out", permanent=False, unsure=True) from exc
    except httpx.TransportError as exc:
        raise UpstreamError(f"{method} {path} failed: {exc}", permanent=False, unsure=True) from exc
    if response.is_success:
        return response
    code, message = error_message(response)
    permanent = response.is_client_error and (
        response.status_code not in RETRYABLE_STATUS or code in PERMANENT_CODES
    )
    logger.info("upstream %s %s answered %s %s", method, path, response.status_code, code)
    raise UpstreamError(
        f"{method} {path} answered {response.status_code}: {message}",
        permanent=permanent,
        status=response.status_code,
        code=code,
        unsure=response.is_server_error,
    )


def json_body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise UpstreamError("the answer was not JSON", permanent=False) from exc


@dataclass
class TokenCache:
    """Bearer tokens in the shared cache (every web and worker process reuses one)."""

    key: str
    margin_seconds: int = 60

    def get(self) -> str | None:
        return cache.get(self.key)

    def put(self, token: str, expires_in: int) -> None:
        cache.set(self.key, token, timeout=max(expires_in - self.margin_seconds, 1))

    def forget(self) -> None:
        cache.delete(self.key)


def with_token(fetch_token: Callable[[], str], tokens: TokenCache, call: Callable[[str], Any]):
    """Run `call(token)`; on a 401 renew the token once and try again."""
    token = tokens.get() or fetch_token()
    try:
        return call(token)
    except UpstreamError as exc:
        if exc.status != 401:
            raise
        tokens.forget()
        return call(fetch_token())


class BearerClient:
    """Base of the collection-system clients: one httpx client, a cached bearer token."""

    def __init__(self, base_url: str, *, token_key: str, transport=None):
        self.base_url = base_url
        self.http = new_http_client(base_url, transport=transport)
        self.tokens = TokenCache(key=token_key)

    def close(self) -> None:
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def fetch_token(self) -> str:
        raise NotImplementedError

    @staticmethod
    def error_message(response: httpx.Response) -> tuple[str, str]:
        """(code, message) out of an error answer; subclasses know their system's shape."""
        return "", response.text[:200]

    def _send(self, method: str, path: str, **kwargs) -> httpx.Response:
        return send(self.http, method, path, error_message=self.error_message, **kwargs)

    def _authed(self, method: str, path: str, *, headers=None, **kwargs) -> httpx.Response:
        def call(token: str) -> httpx.Response:
            auth = {**(headers or {}), "Authorization": f"Bearer {token}"}
            return self._send(method, path, headers=auth, **kwargs)

        return with_token(self.fetch_token, self.tokens, call)


def error_fields(response: httpx.Response, code_key: str, message_key: str) -> tuple[str, str]:
    try:
        body = response.json()
    except ValueError:
        return "", response.text[:200]
    if isinstance(body, dict):
        return str(body.get(code_key, "")), str(body.get(message_key, body))[:500]
    return "", str(body)[:500]
