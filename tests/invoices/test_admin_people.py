"""The agent's person view: find a person by any key they give, see everything of theirs."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from accounts.delegation import invite_delegate
from accounts.models import AuditEntry
from invoices.models import DebtorParty, Invoice
from invoices.services import apply_case_updates
from messaging.models import Thread
from payments.references import fi_reference, format_fi_reference, rf_from_fi
from tests.conftest import log_in
from tests.invoices.snapshots import PEOPLE, case

pytestmark = pytest.mark.django_db

REFERENCE = fi_reference("1234567")


@pytest.fixture
def cases():
    apply_case_updates(
        [
            case(1, person=0, invoice_number="INV-1", reference=REFERENCE),
            case(2, person=0, invoice_number="INV-2"),
            case(3, person=1, invoice_number="INV-3", reference="1232"),
        ]
    )
    return Invoice.objects.select_related("debtor").order_by("invoice_number")


@pytest.fixture
def person(cases):
    return DebtorParty.objects.get(name="Person 0")


def find(client, typed: str) -> str:
    response = client.get(reverse("admin:invoices_debtorparty_find"), {"q": typed})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "typed",
    [
        PEOPLE[0],
        PEOPLE[0].lower(),
        "person0@example.com",
        "Person 0",
        "INV-1",
        format_fi_reference(REFERENCE),
        rf_from_fi(REFERENCE),
    ],
)
def test_an_agent_finds_the_person_by_any_key(client, agent, person, typed):
    log_in(client, agent, how="password_totp")
    html = find(client, typed)
    assert reverse("admin:invoices_debtorparty_person", args=[person.pk]) in html
    assert "Person 1" not in html


def test_the_myropo_id_as_printed_with_dashes_finds_the_person(client, agent, cases, person):
    log_in(client, agent, how="password_totp")
    printed = cases[0].display_myropo_id
    assert "-" in printed
    html = find(client, printed.lower())
    assert reverse("admin:invoices_debtorparty_person", args=[person.pk]) in html
    assert "Person 1" not in html


def test_a_part_of_an_identity_code_finds_no_one(client, agent, person):
    log_in(client, agent, how="password_totp")
    html = find(client, PEOPLE[0][:6])
    assert reverse("admin:invoices_debtorparty_person", args=[person.pk]) not in html
    assert "No one was found." in html


def test_the_person_page_shows_everything_of_theirs_and_nothing_of_others(
    client, agent, debtor, cases, person
):
    first = cases[0]
    invite_delegate(
        first,
        granted_by=debtor,
        email="helper@example.com",
        valid_until=timezone.localdate() + datetime.timedelta(days=30),
    )
    Thread.objects.create(owner=debtor, invoice=first, subject="About my bill")
    log_in(client, agent, how="password_totp")
    response = client.get(reverse("admin:invoices_debtorparty_person", args=[person.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "INV-1" in html and "INV-2" in html and "INV-3" not in html
    assert "helper@example.com" in html
    assert "About my bill" in html
    assert reverse("admin:invoices_invoice_change", args=[first.pk]) in html
    assert PEOPLE[0] not in html  # the identity code only masked


def test_viewing_a_person_is_audited(client, agent, person):
    log_in(client, agent, how="password_totp")
    client.get(reverse("admin:invoices_debtorparty_person", args=[person.pk]))
    entry = AuditEntry.objects.get(action="person.viewed")
    assert (entry.actor, entry.object_id) == (agent, str(person.public_id))


def test_the_person_page_query_count_does_not_grow_with_their_cases(
    client, agent, debtor, person, django_assert_max_num_queries
):
    apply_case_updates([case(n, person=0, invoice_number=f"INV-{n}") for n in range(10, 30)])
    for invoice in Invoice.objects.filter(debtor=person)[:5]:
        Thread.objects.create(owner=debtor, invoice=invoice, subject="Hello")
    log_in(client, agent, how="password_totp")
    with django_assert_max_num_queries(35):
        response = client.get(reverse("admin:invoices_debtorparty_person", args=[person.pk]))
    assert response.status_code == 200


def test_someone_who_is_not_staff_gets_the_admins_refusal(client, debtor, person):
    log_in(client, debtor)
    response = client.get(reverse("admin:invoices_debtorparty_person", args=[person.pk]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_staff_without_the_permission_get_403(client, django_user_model, person):
    staff = django_user_model.objects.create_user(
        email="staff@example.com", password="staff-pass-1234", is_staff=True
    )
    staff.user_permissions.add(Permission.objects.get(codename="view_invoice"))
    log_in(client, staff, how="password_totp")
    for url in (
        reverse("admin:invoices_debtorparty_person", args=[person.pk]),
        reverse("admin:invoices_debtorparty_find"),
    ):
        assert client.get(url).status_code == 403
    assert not AuditEntry.objects.filter(action="person.viewed").exists()


def test_a_staff_session_without_a_second_factor_is_sent_to_get_one(client, agent, person):
    log_in(client, agent, how="password")
    response = client.get(reverse("admin:invoices_debtorparty_person", args=[person.pk]))
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="person.viewed").exists()


def test_the_person_page_speaks_the_agents_language(client, agent, person):
    log_in(client, agent, how="password_totp")
    client.cookies["myropo_language"] = "fi"
    html = client.get(reverse("admin:invoices_debtorparty_person", args=[person.pk])).content
    html = html.decode()
    assert "<h2>Laskut</h2>" in html and "<h2>Tapahtumaloki</h2>" in html
    assert "Invoices" not in html
