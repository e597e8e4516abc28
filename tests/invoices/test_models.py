import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from invoices import services
from invoices.errors import InvoiceActionError
from invoices.models import Creditor, DebtorParty, Invoice
from invoices.money import round_money, to_minor_units
from invoices.public_id import is_valid

pytestmark = pytest.mark.django_db


@pytest.fixture
def creditor():
    return Creditor.objects.create(
        name="Lumo Energia Oy", business_id="2077474-0", country="FI", currency="EUR"
    )


@pytest.fixture
def debtor():
    return DebtorParty.objects.create(kind="person", name="Aino Virtanen", country="FI")


def make_invoice(creditor, debtor, **overrides) -> Invoice:
    fields = {
        "creditor": creditor,
        "debtor": debtor,
        "invoice_number": "INV-1001",
        "reference": "1232",
        "country": "FI",
        "currency": "EUR",
        "capital": Decimal("120.00"),
        "balance": Decimal("120.00"),
        "invoice_date": datetime.date(2026, 10, 1),
        "due_date": datetime.date(2026, 10, 15),
        "upstream_system": "ropo_one",
        "upstream_id": "J-1",
    }
    return Invoice.objects.create(**(fields | overrides))


def test_invoice_gets_a_valid_myropo_id(creditor, debtor):
    invoice = make_invoice(creditor, debtor)
    assert is_valid(invoice.myropo_id)
    assert invoice.display_myropo_id.replace("-", "") == invoice.myropo_id


def test_database_refuses_negative_amounts(creditor, debtor):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_invoice(creditor, debtor, fees=Decimal("-5.00"))


def test_database_refuses_a_due_date_before_the_invoice_date(creditor, debtor):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_invoice(creditor, debtor, due_date=datetime.date(2026, 9, 1))


def test_one_upstream_case_is_one_invoice(creditor, debtor):
    make_invoice(creditor, debtor)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_invoice(creditor, debtor, invoice_number="INV-2")


def test_set_debtor_identity_stores_the_canonical_code_and_its_hash(debtor):
    services.set_debtor_identity(debtor, code="131052-308t")
    debtor.refresh_from_db()
    assert debtor.identity_code == "131052-308T"
    assert len(debtor.identity_hash) == 64


def test_two_debtors_cannot_share_an_identity(debtor):
    first = services.set_debtor_identity(debtor, code="131052-308T")
    twin = DebtorParty.objects.create(kind="person", name="Someone", country="FI")
    with pytest.raises(InvoiceActionError):
        services.set_debtor_identity(twin, code="131052-308T")
    twin.identity_hash = first.identity_hash
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_money_rounds_half_up_and_refuses_floats():
    assert round_money("2.675") == Decimal("2.68")
    assert round_money(Decimal("-0.005")) == Decimal("-0.01")
    with pytest.raises(TypeError):
        round_money(2.5)
    assert to_minor_units(Decimal("48.99")) == 4899
    with pytest.raises(ValueError):
        to_minor_units(Decimal("1.234"))
