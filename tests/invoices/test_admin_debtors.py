"""Agents set a debtor's identity code only through its own page, audited with their name."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from invoices.models import DebtorParty
from invoices.services import apply_case_updates
from tests.conftest import log_in
from tests.invoices.snapshots import case

pytestmark = pytest.mark.django_db

FIRST, SECOND, FREE = "131052-308T", "070986-620Y", "010190-002R"


@pytest.fixture
def debtors():
    apply_case_updates([case(1, person=0), case(2, person=1)])
    return DebtorParty.objects.get(name="Person 0"), DebtorParty.objects.get(name="Person 1")


def set_identity(client, debtor, code):
    url = reverse("admin:invoices_debtorparty_identity", args=[debtor.pk])
    return client.post(url, {"identity_code": code})


def test_the_debtor_change_form_cannot_change_the_identity(client, agent, debtors):
    first, second = debtors
    log_in(client, agent, how="password_totp")
    url = reverse("admin:invoices_debtorparty_change", args=[second.pk])
    html = client.get(url).content.decode()
    assert 'name="new_identity_code"' not in html and 'name="kind"' not in html
    assert "070986…" in html and SECOND not in html
    form = {
        "kind": "person",
        "name": "Person 1",
        "country": "FI",
        "new_identity_code": FIRST,
        "language": "fi",
    }
    assert client.post(url, form).status_code == 302
    second.refresh_from_db()
    assert second.identity_code == SECOND
    assert not AuditEntry.objects.filter(action="debtor.identity_set").exists()


def test_setting_the_identity_is_audited_with_the_agent_and_masked_before_and_after(
    client, agent, debtors
):
    _, second = debtors
    old_hash = second.identity_hash
    log_in(client, agent, how="password_totp")
    assert set_identity(client, second, FREE).status_code == 302
    second.refresh_from_db()
    assert second.identity_code == FREE
    entry = AuditEntry.objects.get(action="debtor.identity_set")
    assert (entry.actor, entry.actor_label) == (agent, "agent@example.com")
    assert entry.object_id == str(second.public_id)
    assert entry.before == {"identity": "070986…", "identity_hash": old_hash}
    assert entry.after == {"identity": "010190…", "identity_hash": second.identity_hash}
    assert SECOND not in str(entry.before) and FREE not in str(entry.after)


def test_a_duplicate_identity_code_is_a_form_error_in_the_agents_language(
    client, agent, debtors, settings
):
    _, second = debtors
    log_in(client, agent, how="password_totp")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    response = set_identity(client, second, FIRST)
    assert response.status_code == 400
    assert "Toisella velallisella on jo tämä tunnus." in response.content.decode()
    second.refresh_from_db()
    assert second.identity_code == SECOND
    assert not AuditEntry.objects.filter(action="debtor.identity_set").exists()


def test_an_invalid_identity_code_is_a_form_error(client, agent, debtors):
    _, second = debtors
    log_in(client, agent, how="password_totp")
    response = set_identity(client, second, "131052-308X")
    assert response.status_code == 400
    assert "not a valid identity code" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "debtor"])
def test_people_who_are_not_staff_cannot_set_an_identity(client, debtor, debtors, who):
    _, second = debtors
    if who == "debtor":
        log_in(client, debtor, how="bankid")
    response = set_identity(client, second, FREE)
    assert response.status_code == 302 and "/login/" in response.url
    second.refresh_from_db()
    assert second.identity_code == SECOND
