"""Places in a creditor and its API tokens in the admin: who may change them, and the trail."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from creditors import services
from creditors.models import ApiToken, Membership
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        email="admin@example.com", password="admin-pass-1234"
    )


def add_membership(client, user, creditor, role="manager"):
    url = reverse("admin:creditors_membership_add")
    return client.post(url, {"user": user.pk, "creditor": creditor.pk, "role": role})


def test_an_agent_cannot_make_themselves_a_creditor_manager(client, agent, creditor):
    log_in(client, agent, how="password_totp")
    assert client.get(reverse("admin:creditors_membership_add")).status_code == 403
    assert add_membership(client, agent, creditor).status_code == 403
    assert not Membership.objects.filter(user=agent).exists()


def test_an_agent_cannot_raise_a_viewer_to_manager(client, agent, creditor_viewer, creditor):
    membership = Membership.objects.get(user=creditor_viewer)
    log_in(client, agent, how="password_totp")
    url = reverse("admin:creditors_membership_change", args=[membership.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="role"' not in page.content.decode()
    client.post(url, {"user": creditor_viewer.pk, "creditor": creditor.pk, "role": "manager"})
    membership.refresh_from_db()
    assert membership.role == "viewer"


def test_an_agent_cannot_end_a_membership(client, agent, creditor_viewer):
    membership = Membership.objects.get(user=creditor_viewer)
    log_in(client, agent, how="password_totp")
    url = reverse("admin:creditors_membership_delete", args=[membership.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_service_refuses_an_actor_who_is_not_a_superuser(agent, creditor):
    with pytest.raises(services.CreditorActionError):
        services.add_member(agent, creditor, role="manager", actor=agent)
    assert not Membership.objects.exists()


def test_a_superuser_gives_a_place_and_the_audit_names_them_with_before_and_after(
    client, superuser, creditor_viewer, creditor
):
    log_in(client, superuser, how="password_totp")
    membership = Membership.objects.get(user=creditor_viewer)
    url = reverse("admin:creditors_membership_change", args=[membership.pk])
    form = {"user": creditor_viewer.pk, "creditor": creditor.pk, "role": "manager"}
    assert client.post(url, form).status_code == 302
    membership.refresh_from_db()
    assert membership.role == "manager"
    entry = AuditEntry.objects.filter(action="creditor.member_set").latest("pk")
    assert (entry.actor, entry.actor_label) == (superuser, "admin@example.com")
    assert entry.before == {"user": creditor_viewer.email, "role": "viewer"}
    assert entry.after == {"user": creditor_viewer.email, "role": "manager"}


def test_a_superuser_ending_a_membership_is_audited(client, superuser, creditor_viewer):
    membership = Membership.objects.get(user=creditor_viewer)
    log_in(client, superuser, how="password_totp")
    url = reverse("admin:creditors_membership_delete", args=[membership.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    entry = AuditEntry.objects.get(action="creditor.member_removed")
    assert (entry.actor, entry.before) == (
        superuser,
        {"user": creditor_viewer.email, "role": "viewer"},
    )


def test_tokens_are_neither_made_nor_deleted_in_the_admin(client, agent, superuser, creditor):
    token, _key = services.create_api_token(creditor, name="ERP", scope="read_write")
    for who in (agent, superuser):
        log_in(client, who, how="password_totp")
        assert client.get(reverse("admin:creditors_apitoken_add")).status_code == 403
        url = reverse("admin:creditors_apitoken_delete", args=[token.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
    assert ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).exists()


def test_an_agent_revokes_a_token_and_the_audit_names_them(client, agent, creditor):
    token, _key = services.create_api_token(creditor, name="ERP", scope="read_write")
    log_in(client, agent, how="password_totp")
    url = reverse("admin:creditors_apitoken_changelist")
    client.post(url, {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.get(action="api_token.revoked").actor == agent


def test_someone_who_is_not_staff_is_sent_to_log_in(client, creditor_manager, creditor):
    log_in(client, creditor_manager, how="passkey")
    response = add_membership(client, creditor_manager, creditor)
    assert response.status_code == 302 and "/login/" in response.url
