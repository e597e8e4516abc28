import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def test_personal_pages_are_not_stored_by_browsers_or_proxies(client, debtor):
    log_in(client, debtor)
    response = client.get(reverse("invoices:home"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_sessions_end_after_thirty_idle_minutes(client, debtor, settings):
    log_in(client, debtor)
    response = client.get(reverse("invoices:home"))
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # each request pushes the idle limit on
    assert (
        response.cookies["sessionid"]["max-age"] in ("", 1800)
        or settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    )
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = (session.expire_date.timestamp() - time.time()) / 60
    assert 29 <= remaining <= 30


def test_sessions_end_after_twelve_hours_whatever_the_activity(client, debtor, monkeypatch):
    log_in(client, debtor)
    assert client.get(reverse("invoices:home")).status_code == 200
    later = time.time() + 12 * 60 * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(reverse("invoices:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_server_session(client, debtor):
    log_in(client, debtor)
    key = client.session.session_key
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("invoices:home")).status_code == 302


def test_a_code_session_must_step_up_before_managing_passkeys(client, debtor):
    log_in(client, debtor, how="code")
    response = client.get(reverse("mfa_index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:step_up"))
    page = client.get(response["Location"])
    assert "Identify with bank ID" in page.content.decode()


def test_a_fresh_bank_id_session_manages_passkeys_without_step_up(client, debtor):
    log_in(client, debtor, how="bankid")
    assert client.get(reverse("mfa_index")).status_code == 200


def test_strong_identification_goes_stale_for_sensitive_changes(
    client, debtor, monkeypatch, settings
):
    log_in(client, debtor, how="bankid")
    later = time.time() + settings.STEP_UP_MAX_AGE_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(reverse("account_email"))
    assert response["Location"].startswith(reverse("accounts:step_up"))


def test_the_sessions_page_lists_sessions_and_ends_the_others(client, debtor):
    from django.test import Client

    other = log_in(Client(), debtor, how="bankid")
    log_in(client, debtor, how="bankid")
    client.get(reverse("invoices:home"))
    other.get(reverse("invoices:home"))
    page = client.get(reverse("usersessions_list"))
    assert page.status_code == 200
    client.post(reverse("usersessions_list"))
    assert other.get(reverse("invoices:home")).status_code == 302
    assert client.get(reverse("invoices:home")).status_code == 200


def test_step_up_refuses_to_redirect_elsewhere(client, debtor):
    log_in(client, debtor, how="code")
    page = client.get(reverse("accounts:step_up"), {"next": "https://evil.example/"})
    html = page.content.decode()
    assert 'name="next" value="https://evil.example/"' not in html
    assert f'name="next" value="{reverse("accounts:security")}"' in html
