"""Who reaches creditor pages: members with a second factor, only for their own creditor."""

import pytest
from django.urls import reverse

from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def dashboard(creditor) -> str:
    return f"/creditor/{creditor.public_id}/"


@pytest.mark.parametrize("how", ["passkey", "password_totp"])
def test_a_member_with_a_second_factor_sees_the_dashboard(client, creditor_manager, creditor, how):
    log_in(client, creditor_manager, how=how)
    response = client.get(dashboard(creditor))
    assert response.status_code == 200
    assert "Lumo Energia Oy" in response.content.decode()


def test_a_member_with_only_a_password_is_sent_to_set_up_a_second_factor(
    client, creditor_manager, creditor
):
    log_in(client, creditor_manager, how="password")
    response = client.get(dashboard(creditor))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    response = client.get(response["Location"])
    assert "need a second factor" in response.content.decode()


def test_a_member_with_an_unused_second_factor_is_asked_for_it(client, creditor_manager, creditor):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(creditor_manager, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    log_in(client, creditor_manager, how="code")
    response = client.get(f"{dashboard(creditor)}assignments/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate") + "?next=")


def test_anonymous_visitors_are_sent_to_log_in(client, creditor):
    response = client.get(dashboard(creditor))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_debtor_gets_404_on_creditor_pages(client, debtor, creditor):
    log_in(client, debtor, how="bankid")
    assert client.get(dashboard(creditor)).status_code == 404
    assert client.get("/creditor/").status_code == 404
    assert client.get(f"/creditor/{creditor.public_id}/assignments/").status_code == 404


def test_another_creditors_member_gets_404(client, other_creditor_manager, creditor):
    log_in(client, other_creditor_manager, how="passkey")
    assert client.get(dashboard(creditor)).status_code == 404
    assert client.get(f"/creditor/{creditor.public_id}/assignments.csv").status_code == 404


def test_a_case_of_another_creditor_answers_404_under_ones_own_creditor(
    client, creditor_manager, creditor, other_creditor
):
    log_in(client, creditor_manager, how="passkey")
    theirs = other_creditor.invoices.get()
    url = f"/creditor/{creditor.public_id}/assignments/{theirs.myropo_id}/"
    assert client.get(url).status_code == 404
    own = f"/creditor/{other_creditor.public_id}/assignments/{theirs.myropo_id}/"
    assert client.get(own).status_code == 404


def test_filters_cannot_reach_another_creditors_cases(
    client, creditor_manager, creditor, other_creditor
):
    log_in(client, creditor_manager, how="passkey")
    url = f"/creditor/{creditor.public_id}/assignments/?invoice_number=INV-9101"
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert "No assignments match" in response.content.decode()


def test_a_creditor_user_sees_none_of_the_cases_as_a_debtor(client, creditor_manager, creditor):
    log_in(client, creditor_manager, how="passkey")
    response = client.get("/invoices/")
    assert response.status_code == 200
    assert "INV-9001" not in response.content.decode()
    case = creditor.invoices.first()
    assert client.get(f"/invoices/{case.myropo_id}/").status_code == 404


def test_one_membership_goes_straight_to_its_dashboard(client, creditor_manager, creditor):
    log_in(client, creditor_manager, how="passkey")
    response = client.get("/creditor/")
    assert response.status_code == 302
    assert response["Location"] == dashboard(creditor)


def test_several_memberships_are_offered_by_name(
    client, creditor_manager, creditor, other_creditor
):
    from creditors.services import add_member

    add_member(creditor_manager, other_creditor)
    log_in(client, creditor_manager, how="passkey")
    html = client.get("/creditor/").content.decode()
    assert "Lumo Energia Oy" in html and "Kotiturva Oy" in html


def test_a_viewer_cannot_manage_tokens(client, creditor_viewer, creditor):
    from creditors.models import ApiToken

    log_in(client, creditor_viewer, how="passkey")
    url = f"/creditor/{creditor.public_id}/tokens/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "x", "scope": "read"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_the_command_adds_a_member(creditor):
    from django.core.management import call_command

    from creditors.models import Membership

    call_command("add_creditor_member", "new@example.com", creditor.business_id, role="manager")
    membership = Membership.objects.get(user__email="new@example.com")
    assert (membership.creditor, membership.role) == (creditor, "manager")


def test_the_list_of_ones_creditors_needs_the_second_factor_too(client, creditor_manager):
    log_in(client, creditor_manager, how="password")
    assert client.get("/creditor/")["Location"] == reverse("mfa_index")
    log_in(client, creditor_manager, how="password_totp")
    assert client.get("/creditor/").status_code == 302  # on to the only creditor
    assert client.get("/creditor/")["Location"].startswith("/creditor/")
