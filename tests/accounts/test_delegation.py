"""Authorizing someone else for one invoice."""

import datetime
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import delegation
from accounts.models import AuditEntry, DelegationGrant
from invoices.models import Invoice
from invoices.services import apply_case_updates
from tests.conftest import log_in, make_person
from tests.invoices.snapshots import case
from tests.invoices.snapshots import debtor as party

pytestmark = pytest.mark.django_db

NEXT_MONTH = datetime.date.today() + timedelta(days=30)


@pytest.fixture
def invoices(debtor):
    apply_case_updates([case(1, debtor=party(0)), case(2, debtor=party(0))])
    return list(Invoice.objects.order_by("upstream_id"))


@pytest.fixture
def helper(db):
    return make_person("helper@example.com", "010190-002R")


def invite(owner, invoice, **scopes):
    return delegation.invite_delegate(
        invoice, granted_by=owner, email="helper@example.com", valid_until=NEXT_MONTH, **scopes
    )


def detail(invoice):
    return reverse("invoices:detail", args=[invoice.myropo_id])


def test_the_invitation_goes_by_e_mail_with_a_single_use_256_bit_token(
    debtor, invoices, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        grant, token = invite(debtor, invoices[0], can_pay=True)
    assert len(token) >= 43  # 32 random bytes, base64
    assert grant.token_hash != token and len(grant.token_hash) == 64
    invited = [m for m in mailoutbox if m.to == ["helper@example.com"]]
    assert len(invited) == 1 and token in invited[0].body
    assert any(m.to == [debtor.email] for m in mailoutbox)


def test_accepting_needs_a_strong_login(client, debtor, helper, invoices):
    _, token = invite(debtor, invoices[0])
    log_in(client, helper, how="code")
    response = client.post(reverse("accounts:invitation", args=[token]))
    assert response.status_code == 400
    assert DelegationGrant.objects.get().status == "invited"


def test_the_delegate_sees_only_that_invoice_and_whose_it_is(client, debtor, helper, invoices):
    _, token = invite(debtor, invoices[0])
    log_in(client, helper, how="bankid")
    response = client.post(reverse("accounts:invitation", args=[token]))
    assert response.status_code == 302
    page = client.get(detail(invoices[0]))
    assert page.status_code == 200
    assert "on behalf of" in page.content.decode()
    assert client.get(detail(invoices[1])).status_code == 404
    assert "Authorize someone" not in page.content.decode()


def test_the_grant_binds_to_the_identity_of_the_invited_person(client, debtor, helper, invoices):
    _, token = invite(debtor, invoices[0])
    log_in(client, helper, how="bankid")
    client.post(reverse("accounts:invitation", args=[token]))
    grant = DelegationGrant.objects.get()
    assert grant.delegate == helper
    assert grant.delegate_identity_hash == helper.identity.identity_hash


def test_someone_else_holding_the_link_cannot_accept_it(client, debtor, invoices, mailoutbox):
    _, token = invite(debtor, invoices[0])
    stranger = make_person("someone.else@example.com", "020285-002W")
    log_in(client, stranger, how="bankid")
    mailoutbox.clear()
    response = client.post(reverse("accounts:invitation", args=[token]))
    assert response.status_code == 400
    assert "sent to another e-mail address" in response.content.decode()
    grant = DelegationGrant.objects.get()
    assert grant.status == "invited" and grant.delegate is None
    assert client.get(detail(invoices[0])).status_code == 404
    assert not [m for m in mailoutbox if m.to == [debtor.email]]  # no "accepted" told


def test_a_used_token_cannot_be_used_again(client, debtor, helper, invoices):
    _, token = invite(debtor, invoices[0])
    log_in(client, helper, how="bankid")
    client.post(reverse("accounts:invitation", args=[token]))
    other = make_person("third@example.com", "020285-002W")
    log_in(client, other, how="bankid")
    assert client.post(reverse("accounts:invitation", args=[token])).status_code == 404
    assert DelegationGrant.objects.get().delegate.email == "helper@example.com"


def test_an_invitation_expires_after_seven_days(client, debtor, helper, invoices):
    grant, token = invite(debtor, invoices[0])
    DelegationGrant.objects.filter(pk=grant.pk).update(
        token_expires_at=timezone.now() - timedelta(seconds=1)
    )
    log_in(client, helper, how="bankid")
    assert client.post(reverse("accounts:invitation", args=[token])).status_code == 404


def test_a_foreign_token_finds_nothing(client, helper):
    log_in(client, helper, how="bankid")
    assert client.get(reverse("accounts:invitation", args=["x" * 43])).status_code == 404


def test_revocation_takes_effect_on_the_next_request_of_an_open_session(
    client, debtor, helper, invoices
):
    grant, token = invite(debtor, invoices[0])
    log_in(client, helper, how="bankid")
    client.post(reverse("accounts:invitation", args=[token]))
    assert client.get(detail(invoices[0])).status_code == 200
    delegation.revoke_grant(grant, actor=debtor)
    assert client.get(detail(invoices[0])).status_code == 404


def test_expiry_takes_effect_even_before_the_expiry_task_runs(client, debtor, helper, invoices):
    grant, token = invite(debtor, invoices[0])
    log_in(client, helper, how="bankid")
    client.post(reverse("accounts:invitation", args=[token]))
    yesterday = datetime.date.today() - timedelta(days=1)
    DelegationGrant.objects.filter(pk=grant.pk).update(valid_until=yesterday)
    assert client.get(detail(invoices[0])).status_code == 404
    assert delegation.expire_grants() == 1
    assert DelegationGrant.objects.get().status == "expired"


def test_authorizing_asks_for_fresh_strong_identification(client, debtor, invoices):
    log_in(client, debtor, how="code")
    response = client.get(reverse("invoices:authorize", args=[invoices[0].myropo_id]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:step_up"))


def test_the_owner_invites_from_the_invoice_page_and_can_end_it(client, debtor, invoices):
    log_in(client, debtor, how="bankid")
    url = reverse("invoices:authorize", args=[invoices[0].myropo_id])
    response = client.post(
        url, {"email": "helper@example.com", "can_pay": "on", "valid_until": NEXT_MONTH}
    )
    assert response.status_code == 302
    grant = DelegationGrant.objects.get()
    assert grant.scopes == {"view", "pay"}
    end = reverse("invoices:revoke", args=[invoices[0].myropo_id, grant.public_id])
    client.post(end)
    assert DelegationGrant.objects.get().status == "revoked"


def test_bad_input_writes_nothing(client, debtor, invoices):
    log_in(client, debtor, how="bankid")
    url = reverse("invoices:authorize", args=[invoices[0].myropo_id])
    for data in (
        {"email": "not-an-address", "valid_until": NEXT_MONTH},
        {"email": "helper@example.com", "valid_until": "2000-01-01"},
        {"email": debtor.email, "valid_until": NEXT_MONTH},
    ):
        assert client.post(url, data).status_code == 400
    assert not DelegationGrant.objects.exists()


def test_a_delegate_cannot_authorize_others_or_end_grants(client, debtor, helper, invoices):
    grant, token = invite(debtor, invoices[0])
    log_in(client, helper, how="bankid")
    client.post(reverse("accounts:invitation", args=[token]))
    assert (
        client.get(reverse("invoices:authorize", args=[invoices[0].myropo_id])).status_code == 404
    )
    end = reverse("invoices:revoke", args=[invoices[0].myropo_id, grant.public_id])
    assert client.post(end).status_code == 404
    assert DelegationGrant.objects.get().status == "active"


def test_another_debtor_cannot_reach_the_authorize_page(client, other_debtor, invoices):
    log_in(client, other_debtor, how="bankid")
    url = reverse("invoices:authorize", args=[invoices[0].myropo_id])
    assert client.get(url).status_code == 404


def test_every_grant_event_is_audited_and_listed_for_the_owner(client, debtor, helper, invoices):
    grant, token = invite(debtor, invoices[0])
    log_in(client, helper, how="bankid")
    client.post(reverse("accounts:invitation", args=[token]))
    delegation.revoke_grant(grant, actor=debtor)
    actions = list(
        AuditEntry.objects.filter(object_type="accounts.delegationgrant").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["grant.accepted", "grant.invited", "grant.revoked"]
    log_in(client, debtor, how="code")
    page = client.get(reverse("accounts:access")).content.decode()
    assert "helper@example.com" in page


def test_both_sides_get_an_e_mail_on_acceptance_and_revocation(
    client, debtor, helper, invoices, mailoutbox, django_capture_on_commit_callbacks
):
    grant, token = invite(debtor, invoices[0])
    log_in(client, helper, how="bankid")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:invitation", args=[token]))
        delegation.revoke_grant(grant, actor=debtor)
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([debtor.email, helper.email] * 2)
    assert all("131052" not in m.body for m in mailoutbox)


def test_the_grantor_can_end_a_grant_while_acting_for_a_company(client, debtor, invoices):
    from accounts.identity import identity_hash
    from accounts.services import ACTING_FOR_KEY, COMPANIES_KEY

    grant, _ = invite(debtor, invoices[0])
    company = identity_hash("FI", "company", "2011367-8")
    session = {COMPANIES_KEY: [{"hash": company, "country": "FI", "name": "NB"}]}
    log_in(client, debtor, how="bankid", **session, **{ACTING_FOR_KEY: company})
    access = reverse("accounts:access")
    end = reverse("invoices:revoke", args=[invoices[0].myropo_id, grant.public_id])
    response = client.post(end, {"next": access})
    assert response.status_code == 302 and response["Location"] == access
    assert DelegationGrant.objects.get().status == "revoked"


def test_ending_refuses_to_redirect_elsewhere(client, debtor, invoices):
    grant, _ = invite(debtor, invoices[0])
    log_in(client, debtor, how="bankid")
    end = reverse("invoices:revoke", args=[invoices[0].myropo_id, grant.public_id])
    response = client.post(end, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("invoices:authorize", args=[invoices[0].myropo_id])


def test_a_delegated_invoice_is_not_counted_as_the_delegates_own_debt(
    client, debtor, helper, invoices
):
    _, token = invite(debtor, invoices[0], can_pay=True)
    log_in(client, helper, how="bankid")
    client.post(reverse("accounts:invitation", args=[token]))
    home = client.get(reverse("invoices:home"))
    assert detail(invoices[0]) in home.content.decode()  # listed, as someone else's
    assert home.context["totals"] == []  # but not what the delegate owes
    certificate = client.get(reverse("invoices:balance_certificate"))
    assert certificate.status_code == 200
    assert certificate.context["groups"] == []
