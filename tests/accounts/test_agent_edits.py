"""Admin rights (staff, superuser, groups, permissions) change only on their own page, by a
superuser, and the audit names who changed them, with before and after."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import AuditEntry, User
from accounts.services import ensure_customer_service_group
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        email="admin@example.com", password="admin-pass-1234"
    )


@pytest.fixture
def person(django_user_model):
    return django_user_model.objects.create_user(email="new-agent@example.com", password="x" * 16)


def access_url(user):
    return reverse("admin:accounts_user_admin_access", args=[user.pk])


def test_the_plain_user_form_cannot_change_admin_rights(client, superuser, person):
    log_in(client, superuser, how="password_totp")
    url = reverse("admin:accounts_user_change", args=[person.pk])
    page = client.get(url)
    html = page.content.decode()
    assert 'name="is_staff"' not in html and 'name="groups"' not in html
    assert access_url(person) in html
    form = {
        "email": person.email,
        "full_name": "",
        "language": "",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [ensure_customer_service_group().pk],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    assert client.post(url, form).status_code == 302
    person.refresh_from_db()
    assert not person.is_staff and not person.is_superuser and not person.groups.exists()


def test_a_superuser_grants_staff_and_the_audit_names_them_with_before_and_after(
    client, superuser, person
):
    group = ensure_customer_service_group()
    permission = Permission.objects.get(codename="view_auditentry")
    log_in(client, superuser, how="password_totp")
    data = {
        "is_active": "on",
        "is_staff": "on",
        "groups": [group.pk],
        "permissions": [permission.pk],
    }
    assert client.post(access_url(person), data).status_code == 302
    person.refresh_from_db()
    assert person.is_staff and not person.is_superuser
    assert list(person.groups.all()) == [group]
    entry = AuditEntry.objects.get(action="user.admin_access_changed")
    assert (entry.actor, entry.actor_label) == (superuser, "admin@example.com")
    assert entry.object_id == str(person.pk)
    assert entry.before == {
        "is_active": True,
        "is_staff": False,
        "is_superuser": False,
        "groups": [],
        "permissions": [],
    }
    assert entry.after == {
        "is_active": True,
        "is_staff": True,
        "is_superuser": False,
        "groups": ["Customer service"],
        "permissions": ["accounts.view_auditentry"],
    }


def test_saving_unchanged_rights_writes_no_audit_entry(client, superuser, person):
    log_in(client, superuser, how="password_totp")
    client.post(access_url(person), {"is_active": "on"})
    assert not AuditEntry.objects.filter(action="user.admin_access_changed").exists()


def test_an_agent_cannot_change_anyones_admin_rights(client, agent, person):
    log_in(client, agent, how="password_totp")
    assert client.get(access_url(agent)).status_code == 403
    response = client.post(access_url(agent), {"is_active": "on", "is_superuser": "on"})
    assert response.status_code == 403
    agent.refresh_from_db()
    assert not agent.is_superuser
    assert not AuditEntry.objects.filter(action="user.admin_access_changed").exists()


def test_the_service_refuses_an_actor_who_is_not_a_superuser(agent, person):
    from django.core.exceptions import PermissionDenied

    from accounts import staff

    with pytest.raises(PermissionDenied):
        staff.set_admin_access(
            person,
            actor=agent,
            is_active=True,
            is_staff=True,
            is_superuser=True,
            groups=[],
            permissions=[],
        )
    assert not User.objects.get(pk=person.pk).is_staff


def test_someone_who_is_not_staff_is_sent_to_log_in(client, debtor, person):
    log_in(client, debtor, how="bankid")
    response = client.post(access_url(person), {"is_active": "on", "is_staff": "on"})
    assert response.status_code == 302 and "/login/" in response.url
    person.refresh_from_db()
    assert not person.is_staff


def test_a_change_of_a_groups_permissions_is_audited_with_the_superuser(client, superuser):
    group = ensure_customer_service_group()
    before = set(group.permissions.values_list("pk", flat=True))
    extra = Permission.objects.get(codename="change_user")
    log_in(client, superuser, how="password_totp")
    url = reverse("admin:auth_group_change", args=[group.pk])
    data = {"name": group.name, "permissions": [*before, extra.pk]}
    assert client.post(url, data).status_code == 302
    assert group.permissions.filter(pk=extra.pk).exists()
    entry = AuditEntry.objects.get(action="group.permissions_changed")
    assert (entry.actor, entry.actor_label) == (superuser, "admin@example.com")
    assert "accounts.change_user" not in entry.before["permissions"]
    assert "accounts.change_user" in entry.after["permissions"]


def test_an_agent_cannot_change_a_groups_permissions(client, agent):
    group = ensure_customer_service_group()
    extra = Permission.objects.get(codename="change_user")
    log_in(client, agent, how="password_totp")
    url = reverse("admin:auth_group_change", args=[group.pk])
    assert client.post(url, {"name": group.name, "permissions": [extra.pk]}).status_code == 403
    assert not group.permissions.filter(pk=extra.pk).exists()


# --- Bank-ID links (allauth's social accounts) -------------------------------------------------


def test_nobody_points_a_bank_id_link_at_another_account_in_the_admin(client, superuser, debtor):
    """A social account's uid and user decide whose bank ID opens which account: changing them
    in a plain form would hand one person's invoices to another's bank ID, unaudited."""
    from allauth.socialaccount.models import SocialAccount

    link = SocialAccount.objects.create(user=debtor, provider="bankid", uid="subject-1")
    log_in(client, superuser, how="password_totp")

    page = client.get(reverse("admin:socialaccount_socialaccount_change", args=[link.pk]))
    assert page.status_code == 200
    assert 'name="uid"' not in page.content.decode()
    assert 'name="user"' not in page.content.decode()
    assert client.get(reverse("admin:socialaccount_socialaccount_add")).status_code == 403

    client.post(
        reverse("admin:socialaccount_socialaccount_change", args=[link.pk]),
        {"user": superuser.pk, "provider": "bankid", "uid": "attacker", "extra_data": "{}"},
    )
    link.refresh_from_db()
    assert (link.user, link.uid) == (debtor, "subject-1")


def test_removing_a_bank_id_link_is_audited_with_the_superuser(client, superuser, debtor):
    from allauth.socialaccount.models import SocialAccount

    link = SocialAccount.objects.create(user=debtor, provider="bankid", uid="subject-1")
    log_in(client, superuser, how="password_totp")

    answer = client.post(
        reverse("admin:socialaccount_socialaccount_delete", args=[link.pk]), {"post": "yes"}
    )

    assert answer.status_code == 302
    assert not SocialAccount.objects.filter(pk=link.pk).exists()
    entry = AuditEntry.objects.get(action="bank_id_link.removed")
    assert entry.actor == superuser
    assert entry.before == {"provider": "bankid", "uid": "subject-1"}
