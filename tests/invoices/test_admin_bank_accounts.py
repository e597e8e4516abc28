"""Where debtors pay changes only when a second agent approves an agent's proposal."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from invoices.models import BankAccountChange, Creditor, Invoice
from invoices.services import apply_case_updates
from tests.conftest import log_in
from tests.invoices.snapshots import case

pytestmark = pytest.mark.django_db

OLD_IBAN, NEW_IBAN = "FI21 1234 5600 0007 85", "FI49 5000 9420 0287 30"


@pytest.fixture
def invoice():
    apply_case_updates([case(1, person=0)])
    return Invoice.objects.select_related("creditor").get()


@pytest.fixture
def second_agent(django_user_model):
    from accounts.services import ensure_customer_service_group

    user = django_user_model.objects.create_user(
        email="agent2@example.com", password="agent-pass-5678", is_staff=True
    )
    user.groups.add(ensure_customer_service_group())
    return user


def propose(client, creditor, iban=NEW_IBAN, bic="OKOYFIHH"):
    url = reverse("admin:invoices_creditor_bank_account", args=[creditor.pk])
    return client.post(url, {"iban": iban, "bic": bic, "reason": "Letter from the creditor"})


def decide(client, action, change):
    url = reverse("admin:invoices_bankaccountchange_changelist")
    return client.post(url, {"action": action, "_selected_action": [change.pk]})


def debtor_sees(client, debtor, invoice) -> str:
    log_in(client, debtor)
    response = client.get(reverse("invoices:detail", args=[invoice.myropo_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_creditor_change_form_cannot_change_the_bank_account(client, agent, invoice):
    log_in(client, agent, how="password_totp")
    url = reverse("admin:invoices_creditor_change", args=[invoice.creditor.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="iban"' not in html and 'name="bic"' not in html
    assert "Propose a new bank account" in html
    form = {
        "name": "Lumo Energia Oy",
        "business_id": "20774740",
        "country": "FI",
        "currency": "EUR",
        "iban": "FI4950009420028730",
        "bic": "OKOYFIHH",
        "policy-TOTAL_FORMS": "0",
        "policy-INITIAL_FORMS": "0",
        "bank_account_changes-TOTAL_FORMS": "0",
        "bank_account_changes-INITIAL_FORMS": "0",
    }
    assert client.post(url, form).status_code == 302
    assert Creditor.objects.get().iban == "FI2112345600000785"


def test_a_proposal_waits_and_debtors_keep_seeing_the_old_account(client, agent, debtor, invoice):
    log_in(client, agent, how="password_totp")
    assert propose(client, invoice.creditor).status_code == 302
    change = BankAccountChange.objects.get()
    assert (change.status, change.proposed_by, change.iban) == (
        "pending",
        agent,
        "FI4950009420028730",
    )
    entry = AuditEntry.objects.get(action="creditor.bank_account_proposed")
    assert (entry.actor, entry.actor_label) == (agent, "agent@example.com")
    assert entry.before == {"iban": "FI2112345600000785", "bic": "NDEAFIHH", "bankgiro": ""}
    assert entry.after == {"iban": "FI4950009420028730", "bic": "OKOYFIHH", "bankgiro": ""}
    html = debtor_sees(client, debtor, invoice)
    assert OLD_IBAN in html and NEW_IBAN not in html


def test_the_proposer_cannot_approve_their_own_change(client, agent, debtor, invoice):
    log_in(client, agent, how="password_totp")
    propose(client, invoice.creditor)
    change = BankAccountChange.objects.get()
    response = decide(client, "approve", change)
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == "pending"
    assert Creditor.objects.get().iban == "FI2112345600000785"
    assert not AuditEntry.objects.filter(action="creditor.bank_account_changed").exists()
    follow = client.get(response.url)
    assert "another agent must approve or reject it" in follow.content.decode()


def test_a_second_agent_approves_and_debtors_see_the_new_account(
    client, agent, second_agent, debtor, invoice
):
    log_in(client, agent, how="password_totp")
    propose(client, invoice.creditor)
    change = BankAccountChange.objects.get()
    log_in(client, second_agent, how="password_totp")
    assert decide(client, "approve", change).status_code == 302
    change.refresh_from_db()
    assert (change.status, change.decided_by) == ("approved", second_agent)
    assert (Creditor.objects.get().iban, Creditor.objects.get().bic) == (
        "FI4950009420028730",
        "OKOYFIHH",
    )
    entry = AuditEntry.objects.get(action="creditor.bank_account_changed")
    assert (entry.actor, entry.actor_label) == (second_agent, "agent2@example.com")
    assert entry.before == {"iban": "FI2112345600000785", "bic": "NDEAFIHH", "bankgiro": ""}
    assert entry.after == {"iban": "FI4950009420028730", "bic": "OKOYFIHH", "bankgiro": ""}
    assert entry.data["proposed_by"] == "agent@example.com"
    html = debtor_sees(client, debtor, invoice)
    assert NEW_IBAN in html and OLD_IBAN not in html


def test_a_rejected_change_leaves_the_account_and_is_audited(client, agent, second_agent, invoice):
    log_in(client, agent, how="password_totp")
    propose(client, invoice.creditor)
    change = BankAccountChange.objects.get()
    log_in(client, second_agent, how="password_totp")
    decide(client, "reject", change)
    change.refresh_from_db()
    assert (change.status, change.decided_by) == ("rejected", second_agent)
    assert Creditor.objects.get().iban == "FI2112345600000785"
    entry = AuditEntry.objects.get(action="creditor.bank_account_rejected")
    assert entry.actor == second_agent
    assert decide(client, "approve", change).status_code == 302
    assert Creditor.objects.get().iban == "FI2112345600000785"


def test_an_invalid_iban_is_refused_in_the_agents_language(client, agent, invoice, settings):
    log_in(client, agent, how="password_totp")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    response = propose(client, invoice.creditor, iban="FI21 1234 5600 0007 86")
    assert response.status_code == 400
    assert "Tämä ei ole kelvollinen IBAN." in response.content.decode()
    assert not BankAccountChange.objects.exists()


def test_a_second_proposal_while_one_waits_is_refused(client, agent, second_agent, invoice):
    log_in(client, agent, how="password_totp")
    propose(client, invoice.creditor)
    log_in(client, second_agent, how="password_totp")
    response = propose(client, invoice.creditor, iban="FI4950009420028730", bic="")
    assert response.status_code == 400
    assert "already waiting for approval" in response.content.decode()
    assert BankAccountChange.objects.count() == 1


def test_pending_changes_are_listed_for_agents(client, agent, second_agent, invoice):
    log_in(client, agent, how="password_totp")
    propose(client, invoice.creditor)
    log_in(client, second_agent, how="password_totp")
    listing = client.get(
        reverse("admin:invoices_bankaccountchange_changelist") + "?status__exact=pending"
    )
    assert listing.status_code == 200
    assert "FI4950009420028730" in listing.content.decode()


def test_the_database_refuses_a_decision_by_the_proposer(agent, invoice):
    from django.db import IntegrityError, transaction

    from invoices import bank_accounts

    change = bank_accounts.propose_bank_account_change(
        invoice.creditor, iban=NEW_IBAN, bic="", reason="x", actor=agent
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        BankAccountChange.objects.filter(pk=change.pk).update(decided_by=agent)


@pytest.mark.parametrize("who", ["anonymous", "debtor"])
def test_people_who_are_not_staff_cannot_propose_or_decide(client, debtor, invoice, who):
    if who == "debtor":
        log_in(client, debtor, how="bankid")
    response = propose(client, invoice.creditor)
    assert response.status_code == 302 and "/login/" in response.url
    assert not BankAccountChange.objects.exists()


def test_a_change_proposed_against_an_account_sync_has_since_replaced_is_not_approved(
    client, agent, second_agent, invoice
):
    from dataclasses import replace

    from tests.invoices.snapshots import CREDITOR

    log_in(client, agent, how="password_totp")
    propose(client, invoice.creditor)
    upstream = replace(CREDITOR, iban="FI5810171000000122", bic="NDEAFIHH")
    apply_case_updates([case(1, version=2, person=0, creditor=upstream)])
    log_in(client, second_agent, how="password_totp")
    response = decide(client, "approve", BankAccountChange.objects.get())
    assert "changed since this was proposed" in client.get(response.url).content.decode()
    assert Creditor.objects.get().iban == "FI5810171000000122"
    assert BankAccountChange.objects.get().status == "pending"


SE_PERSON = "19750206-2297"


@pytest.fixture
def swedish_invoice():
    from dataclasses import replace

    from payments.references import se_ocr
    from tests.invoices.snapshots import CREDITOR
    from tests.invoices.snapshots import debtor as party

    creditor = replace(
        CREDITOR,
        name="Nordkraft AB",
        business_id="556036-0793",
        country="SE",
        currency="SEK",
        iban="SE4550000000058398257466",
        bic="ESSESESS",
    )
    debtor = party(0, country="SE", identity_code=SE_PERSON, language="sv")
    snapshot = case(7, country="SE", currency="SEK", reference=se_ocr("4711081"), creditor=creditor)
    apply_case_updates([replace(snapshot, debtor=debtor)])
    Creditor.objects.update(bankgiro="9912346")
    return Invoice.objects.select_related("creditor").get()


@pytest.fixture
def swede(swedish_invoice):
    from tests.conftest import make_person

    return make_person("sven@example.com", SE_PERSON, country="SE")


def propose_bankgiro(client, creditor, bankgiro):
    url = reverse("admin:invoices_creditor_bank_account", args=[creditor.pk])
    data = {"iban": creditor.iban, "bic": creditor.bic, "bankgiro": bankgiro, "reason": "Letter"}
    return client.post(url, data)


def test_the_creditor_change_form_cannot_change_the_bankgiro_number(client, agent, swedish_invoice):
    log_in(client, agent, how="password_totp")
    creditor = swedish_invoice.creditor
    url = reverse("admin:invoices_creditor_change", args=[creditor.pk])
    html = client.get(url).content.decode()
    assert 'name="bankgiro"' not in html
    assert "991-2346" in html or "9912346" in html  # shown, read-only
    form = {
        "name": creditor.name,
        "business_id": creditor.business_id,
        "country": "SE",
        "currency": "SEK",
        "bankgiro": "50501055",
        "policy-TOTAL_FORMS": "0",
        "policy-INITIAL_FORMS": "0",
        "bank_account_changes-TOTAL_FORMS": "0",
        "bank_account_changes-INITIAL_FORMS": "0",
    }
    assert client.post(url, form).status_code == 302
    assert Creditor.objects.get().bankgiro == "9912346"


def test_the_proposal_form_starts_with_the_current_account(client, agent, swedish_invoice):
    log_in(client, agent, how="password_totp")
    url = reverse("admin:invoices_creditor_bank_account", args=[swedish_invoice.creditor.pk])
    html = client.get(url).content.decode()
    assert 'name="bankgiro"' in html and 'value="9912346"' in html
    assert "Bankgiro number now: 9912346." in html
    assert 'value="SE4550000000058398257466"' in html


def test_a_bankgiro_change_waits_for_a_second_agent_and_is_audited(
    client, agent, second_agent, swedish_invoice, swede
):
    log_in(client, agent, how="password_totp")
    assert propose_bankgiro(client, swedish_invoice.creditor, "5050-1055").status_code == 302
    change = BankAccountChange.objects.get()
    assert (change.old_bankgiro, change.bankgiro) == ("9912346", "50501055")
    # The proposer cannot approve it; debtors keep seeing the old number.
    decide(client, "approve", change)
    assert BankAccountChange.objects.get().status == "pending"
    assert Creditor.objects.get().bankgiro == "9912346"
    html = debtor_sees(client, swede, swedish_invoice)
    assert "991-2346" in html and "5050-1055" not in html
    log_in(client, second_agent, how="password_totp")
    assert decide(client, "approve", change).status_code == 302
    assert Creditor.objects.get().bankgiro == "50501055"
    entry = AuditEntry.objects.get(action="creditor.bank_account_changed")
    assert (entry.before["bankgiro"], entry.after["bankgiro"]) == ("9912346", "50501055")
    assert entry.before["iban"] == entry.after["iban"] == "SE4550000000058398257466"
    html = debtor_sees(client, swede, swedish_invoice)
    assert "5050-1055" in html and "991-2346" not in html


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "This is not a valid Bankgiro number."),
        ("sv", "Detta är inte ett giltigt bankgironummer."),
        ("fi", "Tämä ei ole kelvollinen Bankgiro-numero."),
    ],
)
def test_an_invalid_bankgiro_number_is_refused_in_the_agents_language(
    client, agent, swedish_invoice, settings, lang, message
):
    log_in(client, agent, how="password_totp")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = propose_bankgiro(client, swedish_invoice.creditor, "5050-1056")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not BankAccountChange.objects.exists()


def test_the_service_refuses_an_invalid_bankgiro_number(agent, swedish_invoice):
    from invoices import bank_accounts
    from invoices.errors import InvoiceActionError

    with pytest.raises(InvoiceActionError):
        bank_accounts.propose_bank_account_change(
            swedish_invoice.creditor,
            iban="SE4550000000058398257466",
            bic="",
            bankgiro="123",
            reason="x",
            actor=agent,
        )
    assert not BankAccountChange.objects.exists()
