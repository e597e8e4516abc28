"""What the customer-service group may see and do in the admin, as the README promises."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.delegation import invite_delegate
from accounts.models import AuditEntry, DelegationGrant
from invoices.models import Invoice
from invoices.services import apply_case_updates
from tests.conftest import log_in
from tests.invoices.snapshots import case

pytestmark = pytest.mark.django_db


@pytest.fixture
def grant(debtor):
    apply_case_updates([case(1, person=0)])
    grant, _token = invite_delegate(
        Invoice.objects.get(),
        granted_by=debtor,
        email="helper@example.com",
        valid_until=timezone.localdate() + datetime.timedelta(days=30),
    )
    return grant


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:accounts_auditentry_changelist",
        "admin:accounts_delegationgrant_changelist",
        "admin:accounts_user_changelist",
        "admin:mfa_authenticator_changelist",
        "admin:integrations_outboxevent_changelist",
    ],
)
def test_an_agent_opens_the_pages_the_readme_promises(client, agent, grant, url_name):
    log_in(client, agent, how="password_totp")
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert "please contact customer service" not in response.content.decode().lower()


def test_an_agent_reads_an_audit_entry_and_a_user_but_cannot_change_them(
    client, agent, grant, debtor
):
    entry = AuditEntry.objects.first()
    log_in(client, agent, how="password_totp")
    assert (
        client.get(reverse("admin:accounts_auditentry_change", args=[entry.pk])).status_code == 200
    )
    page = client.get(reverse("admin:accounts_user_change", args=[debtor.pk]))
    assert page.status_code == 200
    assert 'name="email"' not in page.content.decode()
    client.post(
        reverse("admin:accounts_user_change", args=[debtor.pk]), {"email": "thief@example.com"}
    )
    debtor.refresh_from_db()
    assert debtor.email == "debtor@example.com"


def test_an_agent_ends_an_authorization_through_the_service_audited(client, agent, grant):
    log_in(client, agent, how="password_totp")
    response = client.post(
        reverse("admin:accounts_delegationgrant_changelist"),
        {"action": "end_grants", "_selected_action": [grant.pk]},
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == DelegationGrant.Status.REVOKED
    assert AuditEntry.objects.get(action="grant.revoked").actor == agent


def test_the_admin_index_leads_to_the_inbox_the_chat_console_and_the_person_search(client, agent):
    log_in(client, agent, how="password_totp")
    html = client.get(reverse("admin:index")).content.decode()
    for url_name in (
        "messaging:agent_inbox",
        "messaging:agent_chats",
        "admin:invoices_debtorparty_find",
    ):
        assert f'href="{reverse(url_name)}"' in html


def test_staff_refused_a_page_are_not_told_to_contact_customer_service(client, agent):
    log_in(client, agent, how="password_totp")
    response = client.get(reverse("admin:auth_group_add"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "contact customer service" not in html
    assert "ask an administrator" in html


def test_every_migrate_brings_the_agents_group_up_to_its_rights():
    """An existing install gets a right added in a release at its next `migrate`, not only
    when someone runs `seed_demo`."""
    from django.contrib.auth.models import Group
    from django.core.management.sql import emit_post_migrate_signal

    from accounts.services import CUSTOMER_SERVICE_GROUP

    group, _ = Group.objects.get_or_create(name=CUSTOMER_SERVICE_GROUP)
    group.permissions.clear()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_auditentry", "change_outboxevent", "view_invoice"} <= codenames
