"""Who may open which invoice URL. Everything not visible answers 404, with no data."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.identity import identity_hash
from accounts.services import ACTING_FOR_KEY, COMPANIES_KEY, LETTER_GRANTS_KEY
from invoices.models import Invoice, Letter
from invoices.services import apply_case_updates
from tests.conftest import log_in
from tests.invoices.snapshots import case
from tests.invoices.snapshots import debtor as party

pytestmark = pytest.mark.django_db

COMPANY_ID = "2011367-8"


@pytest.fixture
def invoices(debtor, other_debtor):
    """One invoice each: the debtor's, the other debtor's, and a company's."""
    apply_case_updates(
        [
            case(1, debtor=debtor_snapshot("131052-308T")),
            case(2, debtor=debtor_snapshot("070986-620Y")),
            case(
                3,
                debtor=party(0, kind="company", identity_code=COMPANY_ID, name="Nordic Bytes Oy"),
            ),
        ]
    )
    found = {i.upstream_id: i for i in Invoice.objects.all()}
    for invoice in found.values():
        letter = invoice.letters.first()
        letter.pdf.save(f"{letter.public_id}.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return {"mine": found["FI:1"], "others": found["FI:2"], "company": found["FI:3"]}


def debtor_snapshot(code):
    return party(0, identity_code=code)


def urls(invoice: Invoice) -> list[str]:
    letter: Letter = invoice.letters.first()
    return [
        reverse("invoices:detail", args=[invoice.myropo_id]),
        reverse("invoices:letter", args=[invoice.myropo_id, letter.public_id]),
    ]


def visible_to(client, invoices) -> set[str]:
    seen = set()
    for name, invoice in invoices.items():
        statuses = {client.get(url).status_code for url in urls(invoice)}
        # 302: someone not logged in is sent to log in (whether the invoice exists or not).
        assert statuses <= {200, 302, 404}, (name, statuses)
        if statuses == {200}:
            seen.add(name)
        else:
            assert statuses in ({404}, {302}), (name, statuses)
    return seen


def company_session(extra=None):
    entry = {"hash": identity_hash("FI", "company", COMPANY_ID), "country": "FI", "name": "NB"}
    return {COMPANIES_KEY: [entry], **(extra or {})}


def test_debtor_sees_only_their_own_invoice(client, debtor, invoices):
    log_in(client, debtor, how="code")
    assert visible_to(client, invoices) == {"mine"}


def test_other_debtor_sees_only_theirs(client, other_debtor, invoices):
    log_in(client, other_debtor, how="bankid")
    assert visible_to(client, invoices) == {"others"}


def test_company_representative_acting_for_the_company_sees_only_its_invoices(
    client, debtor, invoices
):
    session = company_session({ACTING_FOR_KEY: identity_hash("FI", "company", COMPANY_ID)})
    log_in(client, debtor, how="bankid", **session)
    assert visible_to(client, invoices) == {"company"}


def test_acting_for_a_company_not_vouched_for_by_the_bank_shows_nothing(client, debtor, invoices):
    forged = {ACTING_FOR_KEY: identity_hash("FI", "company", COMPANY_ID)}
    log_in(client, debtor, how="bankid", **forged)
    assert visible_to(client, invoices) == set()


def test_letter_holder_sees_only_the_granted_invoice(client, invoices):
    import time

    session = client.session
    session[LETTER_GRANTS_KEY] = {str(invoices["others"].pk): time.time() + 600}
    session.save()
    assert visible_to(client, invoices) == {"others"}


def test_anonymous_visitor_sees_nothing(client, invoices):
    assert visible_to(client, invoices) == set()


def test_agent_sees_no_debtor_pages(client, agent, invoices):
    log_in(client, agent, how="password")
    assert visible_to(client, invoices) == set()


def test_creditor_user_sees_no_debtor_pages(client, creditor_user, invoices):
    log_in(client, creditor_user, how="password")
    assert visible_to(client, invoices) == set()


def test_logged_in_user_without_a_recorded_login_method_sees_nothing(client, debtor, invoices):
    client.force_login(debtor)  # no allauth record: no assurance level
    assert visible_to(client, invoices) == set()


def test_debtor_home_lists_only_their_invoices(client, debtor, invoices):
    log_in(client, debtor, how="code")
    html = client.get(reverse("invoices:home")).content.decode()
    assert reverse("invoices:detail", args=[invoices["mine"].myropo_id]) in html
    assert reverse("invoices:detail", args=[invoices["others"].myropo_id]) not in html
    assert reverse("invoices:detail", args=[invoices["company"].myropo_id]) not in html


def test_a_404_page_shows_no_invoice_data(client, debtor, invoices):
    log_in(client, debtor, how="code")
    response = client.get(reverse("invoices:detail", args=[invoices["others"].myropo_id]))
    assert response.status_code == 404
    assert invoices["others"].invoice_number not in response.content.decode()


@pytest.mark.parametrize(
    "scopes",
    [{}, {"can_pay": True}, {"can_plan": True}, {"can_message": True}],
    ids=["view", "pay", "plan", "message"],
)
def test_a_delegate_of_any_scope_sees_only_the_granted_invoice(
    client, other_debtor, invoices, scopes
):
    import datetime

    from accounts import delegation
    from tests.conftest import make_person

    helper = make_person("helper@example.com", "010190-002R")
    grant, token = delegation.invite_delegate(
        invoices["others"],
        granted_by=other_debtor,
        email=helper.email,
        valid_until=datetime.date.today() + datetime.timedelta(days=3),
        **scopes,
    )
    delegation.accept_invitation(token, user=helper)
    log_in(client, helper, how="code")
    assert visible_to(client, invoices) == {"others"}
    delegation.revoke_grant(grant, actor=other_debtor)
    assert visible_to(client, invoices) == set()
