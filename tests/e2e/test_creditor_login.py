"""The README's creditor walkthrough in a real browser: a member made with a password logs
in with it, adds an authenticator app when asked and lands on the creditor pages."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "walkthrough-pass-1"  # noqa: S105 - a test user's


def test_a_new_creditor_user_follows_the_readme_to_the_creditor_pages(live_server, page, creditor):
    call_command(
        "add_creditor_member",
        "you@example.com",
        creditor.business_id,
        "--role",
        "manager",
        "--password",
        PASSWORD,
    )
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_text("Creditors and customer service: log in with a password").click()
    page.get_by_label("Email").fill("you@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    # Asked to add a second factor: an authenticator app (allauth asks the password first).
    page.wait_for_url(live_server.url + reverse("mfa_index"))
    expect(page.get_by_text("creditor pages need a second factor")).to_be_visible()
    page.goto(live_server.url + reverse("mfa_activate_totp"))
    if page.url.startswith(live_server.url + reverse("account_reauthenticate")):
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    secret = page.locator("#authenticator_secret").input_value()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.get_by_label("Authenticator code").fill(code)
    page.get_by_role("button", name="Activate").click()
    page.wait_for_url(f"{live_server.url}/creditor/{creditor.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview")
    expect(page.get_by_text(creditor.name).first).to_be_visible()
    expect(page.get_by_role("link", name="Creditor pages")).to_be_visible()
