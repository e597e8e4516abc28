"""Staff log in in a real browser only through allauth, with their second factor (issue 18,
finding 2): the admin's own login form is never shown, and a password alone opens nothing."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def log_in_with_password(page, live_server, agent, start: str):
    page.goto(live_server.url + start)
    assert page.url.startswith(live_server.url + reverse("account_login"))
    page.get_by_text("Creditors and customer service: log in with a password").click()
    page.get_by_label("Email").fill(agent.email)
    page.get_by_label("Password").fill("agent-pass-1234")
    page.get_by_role("button", name="Log in", exact=True).click()


def test_an_agent_logs_in_with_password_and_authenticator_code_and_reaches_the_console(
    live_server, page, agent
):
    TOTP.activate(agent, SECRET)
    log_in_with_password(page, live_server, agent, "/admin/login/?next=/messages/agent/")
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    page.get_by_label("Code").fill(format_hotp_value(hotp_value(SECRET, int(time.time()) // 30)))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(live_server.url + "/messages/agent/")
    page.goto(live_server.url + "/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Customer service")


def test_an_agent_without_a_second_factor_is_sent_to_set_one_up(live_server, page, agent):
    log_in_with_password(page, live_server, agent, "/admin/")
    page.goto(live_server.url + "/messages/agent/")
    assert page.url == live_server.url + reverse("mfa_index")
    expect(
        page.get_by_text("Customer service and creditor pages need a second factor.")
    ).to_be_visible()
