"""A creditor user logs in as the README tells them and lands on the creditor pages."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.urls import reverse

from tests.conftest import log_in

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "x" * 16  # the `creditor_user` fixture's


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in_with_password_and_code(client, user, **extra):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD, **extra}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    return client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})


def test_a_creditor_user_lands_on_the_creditor_pages_after_login(client, creditor_manager):
    TOTP.activate(creditor_manager, SECRET)
    response = log_in_with_password_and_code(client, creditor_manager)
    assert response["Location"] == reverse("creditors:choose")
    response = client.get(response["Location"], follow=True)
    assert response.status_code == 200
    assert "Lumo Energia Oy" in response.content.decode()


def test_next_still_wins_over_the_creditor_pages(client, creditor_manager):
    TOTP.activate(creditor_manager, SECRET)
    response = log_in_with_password_and_code(
        client, creditor_manager, next=reverse("accounts:security")
    )
    assert response["Location"] == reverse("accounts:security")


def test_someone_without_a_place_in_a_creditor_lands_where_they_did(client, creditor_user):
    TOTP.activate(creditor_user, SECRET)
    response = log_in_with_password_and_code(client, creditor_user)
    assert response["Location"] == reverse("invoices:home")


def test_the_navigation_links_to_the_creditor_pages_for_members_only(
    client, creditor_manager, debtor
):
    link = f'href="{reverse("creditors:choose")}"'
    log_in(client, creditor_manager, how="password_totp")
    assert link in client.get(reverse("accounts:security")).content.decode()
    client.logout()
    log_in(client, debtor, how="bankid")
    assert link not in client.get(reverse("invoices:home")).content.decode()


@pytest.mark.django_db(transaction=True)  # allauth announces the new authenticator on commit
def test_the_readme_walkthrough_password_then_an_authenticator_app_that_counts_at_once(client):
    """README: add_creditor_member with a password, log in with it, add an authenticator app
    when asked, and the creditor pages open (no second login)."""
    from django.core.management import call_command

    from accounts.models import User
    from tests.conftest import make_creditor_cases
    from tests.invoices import snapshots

    creditor = make_creditor_cases(snapshots.CREDITOR, [9301])
    call_command(
        "add_creditor_member",
        "you@example.com",
        creditor.business_id,
        "--role",
        "manager",
        "--password",
        "walkthrough-pass-1",
    )
    response = client.post(
        reverse("account_login"), {"login": "you@example.com", "password": "walkthrough-pass-1"}
    )
    assert response["Location"] == reverse("creditors:choose")
    response = client.get(reverse("creditors:choose"))
    assert response["Location"] == reverse("mfa_index")
    response = client.get(reverse("mfa_activate_totp"))
    client.post(response["Location"], {"password": "walkthrough-pass-1"})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    response = client.get(reverse("mfa_index"))
    assert response["Location"] == reverse("creditors:choose")
    response = client.get(reverse("creditors:choose"), follow=True)
    assert response.status_code == 200
    assert creditor.name in response.content.decode()
    assert User.objects.get(email="you@example.com").creditor_memberships.count() == 1


def test_a_member_who_is_also_a_debtor_lands_on_their_invoices(client, debtor, creditor):
    from creditors.services import add_member

    add_member(debtor, creditor, role="viewer")
    debtor.set_password(PASSWORD)
    debtor.save()
    TOTP.activate(debtor, SECRET)
    response = log_in_with_password_and_code(client, debtor)
    assert response["Location"] == reverse("invoices:home")
