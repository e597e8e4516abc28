"""Bank-ID step-up: a fresh identification at the bank, checked by its `auth_time`."""

import time
from types import SimpleNamespace
from urllib.parse import parse_qs, urlparse

import pytest

from accounts.bankid import views as bankid_views
from tests.accounts.test_bankid import bank_id_login, logged_in_user, start_login

pytestmark = pytest.mark.django_db


def test_a_bank_id_login_asks_the_bank_for_a_fresh_identification(portal, sandbox, settings):
    query = parse_qs(urlparse(start_login(portal)).query)
    assert query["prompt"] == ["login"]
    assert query["max_age"] == [str(settings.BANKID_MAX_AGE_SECONDS)]


def test_an_identification_older_than_max_age_is_refused(portal, web, monkeypatch, settings):
    later = time.time() + settings.BANKID_MAX_AGE_SECONDS + 120
    monkeypatch.setattr(bankid_views, "time", SimpleNamespace(time=lambda: later))
    response = bank_id_login(portal, web)
    assert response.status_code == 401
    assert logged_in_user(portal) is None


def test_an_identification_within_max_age_logs_in(portal, web):
    bank_id_login(portal, web)
    assert logged_in_user(portal) is not None
