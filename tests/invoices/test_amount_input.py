"""Amounts typed the person's way: "20,50" in Finnish is 20.50, never 2050; garbage is refused."""

import uuid
from decimal import Decimal

import pytest
from django.utils import translation

from creditors.forms import ReportEventForm
from invoices.forms import DisputeForm, ReportPaymentForm
from invoices.money import parse_money
from payments.forms import PayForm, PlanBuilderForm


@pytest.mark.parametrize("language", ["fi", "sv", "nb", "en"])
@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("20,50", "20.50"),
        ("20.50", "20.50"),
        ("20,5", "20.50"),
        ("1 234,50", "1234.50"),
        ("1\xa0234,50", "1234.50"),  # pasted from a formatted amount
        ("1.234,50", "1234.50"),
        ("1,234.50", "1234.50"),
        (" 43,80 ", "43.80"),
        ("12345", "12345"),
    ],
)
def test_an_amount_is_read_in_any_nordic_or_english_way(language, typed, amount):
    with translation.override(language):
        assert parse_money(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["abc", "20,50 €", "1.234.50", "1,2,3", "1e5", ".50", "", "--5"])
def test_what_is_no_amount_is_refused(typed):
    with translation.override("fi"), pytest.raises(ValueError):
        parse_money(typed)


@pytest.mark.parametrize(
    ("form_class", "field", "extra"),
    [
        (PayForm, "amount", {"attempt": str(uuid.uuid4())}),
        (PlanBuilderForm, "monthly", {"how": "monthly", "day_of_month": "15"}),
        (DisputeForm, "amount", {"scope": "part", "reason": "I paid part of this already."}),
        (ReportPaymentForm, "amount", {"kind": "direct", "paid_on": "2026-10-01"}),
        (ReportEventForm, "amount", {"type": "paid", "booked_at": "2026-10-01"}),
    ],
)
def test_every_amount_field_reads_a_finnish_decimal_comma(form_class, field, extra):
    with translation.override("fi"):
        form = form_class(data={field: "20,50", **extra})
        form.is_valid()
        assert form.cleaned_data.get(field) == Decimal("20.50"), form.errors

        garbage = form_class(data={field: "kaksikymmentä", **extra})
        assert not garbage.is_valid()
        assert "Anna summa numeroina, esimerkiksi 20,50." in garbage.errors[field]
