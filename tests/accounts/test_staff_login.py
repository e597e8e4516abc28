"""Staff and creditor users log in only through allauth (its rate limits) and never work on a
password alone: the admin, the agent console and creditor pages need a second factor."""

import time
from urllib.parse import quote

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.urls import reverse

from tests.conftest import log_in

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
AGENT_PASSWORD = "agent-pass-1234"  # noqa: S105 - the `agent` fixture's
AGENT_PAGES = ["/admin/", "/admin/invoices/invoice/", "/messages/agent/"]


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def password_login(client, user, password=AGENT_PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def test_the_admin_login_sends_staff_to_the_portal_login_keeping_a_safe_next(client):
    response = client.get("/admin/login/", {"next": "/admin/invoices/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=" + quote("/admin/invoices/", safe="")
    response = client.get("/admin/login/", {"next": "https://elsewhere.example/"})
    assert response["Location"] == "/accounts/login/"


def test_anonymous_visitors_of_the_admin_end_at_the_portal_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")
    assert response.status_code == 200


def test_the_admin_login_form_never_logs_anyone_in(client, agent):
    for _ in range(3):
        response = client.post(
            "/admin/login/",
            {"username": agent.email, "password": AGENT_PASSWORD, "next": "/admin/"},
        )
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/messages/agent/").status_code == 302


@pytest.mark.parametrize("url", AGENT_PAGES)
def test_a_password_alone_opens_neither_the_admin_nor_the_agent_console(client, agent, url):
    log_in(client, agent, how="password")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


@pytest.mark.parametrize("url", AGENT_PAGES)
def test_a_session_that_skipped_the_agents_second_factor_is_asked_for_it(client, agent, url):
    TOTP.activate(agent, SECRET)
    log_in(client, agent, how="password")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_reauthenticate") + "?next=" + quote(url, safe="")


def test_an_agent_with_an_authenticator_app_logs_in_through_allauth(client, agent):
    TOTP.activate(agent, SECRET)
    response = password_login(client, agent)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # not logged in before the code
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})
    assert response.status_code == 302
    for url in AGENT_PAGES:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db(transaction=True)  # allauth announces the new authenticator on commit
def test_an_agent_without_a_second_factor_sets_one_up_and_goes_on(client, agent):
    password_login(client, agent)
    response = client.get("/messages/agent/")
    assert response["Location"] == reverse("mfa_index")
    # allauth asks for the password again before an authenticator is added.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": AGENT_PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_index")
    response = client.get(reverse("mfa_index"))
    assert response["Location"] == "/messages/agent/"
    assert client.get("/messages/agent/").status_code == 200


def test_the_allauth_login_refuses_an_agents_passwords_after_the_limit(client, agent):
    refused = 0
    for _ in range(12):
        response = password_login(client, agent, password="wrong-password-1")
        if response.status_code == 429 or "Too many failed login attempts" in response.text:
            refused += 1
    assert refused >= 6
    # Even the right password is refused while the limit holds.
    response = password_login(client, agent)
    assert response.status_code == 429 or "Too many failed login attempts" in response.text
    assert "_auth_user_id" not in client.session


def test_the_pages_on_the_way_to_a_second_factor_stay_open(client, agent):
    log_in(client, agent, how="password")
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_reauthenticate")).status_code == 200
