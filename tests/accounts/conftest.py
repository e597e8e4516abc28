"""Fixtures of the login tests: a browser-like portal client and a client for the test bank."""

import httpx
import pytest
from django.test import Client


@pytest.fixture
def portal():
    """The portal as a browser reaches it (a host name: bank ID and passkeys need one)."""
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def web(sandbox):
    """A client for the sandbox's test bank, following no redirect by itself."""
    with httpx.Client(follow_redirects=False, timeout=20) as client:
        yield client
