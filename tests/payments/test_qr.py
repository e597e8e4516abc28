"""The EPC QR payload (EPC069-12, version 002, UTF-8, SCT): layout, limits and refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from payments.qr import InvalidQrField, epc_qr_payload
from payments.references import InvalidAccount, InvalidAmount, InvalidReference

FI_IBAN = "FI79 4405 2020 0360 82"


def payload(**overrides: object) -> str:
    values: dict[str, object] = {"name": "Ropo Capital Oy", "iban": FI_IBAN, "amount": Decimal("1")}
    return epc_qr_payload(**{**values, **overrides})  # type: ignore[arg-type]


def test_a_payload_with_an_rf_reference_has_ten_elements_and_no_trailing_separator():
    text = payload(amount=Decimal("4883.15"), reference="RF09 8685 1625 9619 897")
    assert text == "\n".join(
        [
            "BCD",
            "002",
            "1",
            "SCT",
            "",  # BIC left out: Finland is in the EEA
            "Ropo Capital Oy",
            "FI7944052020036082",
            "EUR4883.15",
            "",  # purpose
            "RF09868516259619897",
        ]
    )


def test_a_payload_with_text_and_a_note_keeps_the_empty_reference_element():
    text = epc_qr_payload(
        name="Red Cross of Belgium",
        iban="BE72000000001616",
        bic="bpotbeb1",
        amount=Decimal("1"),
        text="Urgency fund",
        info="Sample EPC QR code",
    )
    assert text.split("\n") == [
        "BCD",
        "002",
        "1",
        "SCT",
        "BPOTBEB1",
        "Red Cross of Belgium",
        "BE72000000001616",
        "EUR1.00",
        "",
        "",
        "Urgency fund",
        "Sample EPC QR code",
    ]


def test_a_payload_without_remittance_ends_with_the_amount():
    assert payload().split("\n")[-1] == "EUR1.00"
    assert len(payload().split("\n")) == 8


@pytest.mark.parametrize(
    ("amount", "element"),
    [
        (Decimal("0.01"), "EUR0.01"),
        (Decimal("12.3"), "EUR12.30"),
        (Decimal("1E+2"), "EUR100.00"),
        (Decimal("999999999.99"), "EUR999999999.99"),
    ],
)
def test_the_amount_is_eur_with_a_decimal_point_and_two_decimals(amount, element):
    assert payload(amount=amount).split("\n")[7] == element


@pytest.mark.parametrize("amount", [12.34, 12, "12.34"])
def test_an_amount_that_is_not_a_decimal_is_a_type_error(amount):
    with pytest.raises(TypeError, match="Decimal"):
        payload(amount=amount)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("0"), "at least 0.01"),
        (Decimal("1000000000"), "at most 999999999.99"),
        (Decimal("-1"), "negative"),
        (Decimal("1.005"), "whole cents"),
        (Decimal("NaN"), "finite"),
    ],
)
def test_an_amount_out_of_range_is_refused(amount, message):
    with pytest.raises(InvalidAmount, match=message):
        payload(amount=amount)


def test_a_structured_reference_and_a_text_together_are_refused():
    with pytest.raises(InvalidQrField, match="not both"):
        payload(reference="RF18539007547034", text="Invoice 1")


def test_a_finnish_national_reference_is_refused_as_structured_reference_with_a_hint():
    with pytest.raises(InvalidReference, match="rf_from_fi"):
        payload(reference="12 34561")


def test_an_rf_reference_with_wrong_check_digits_is_refused():
    with pytest.raises(InvalidReference, match="check digits"):
        payload(reference="RF17539007547034")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "name is required"),
        ({"name": "   "}, "name is required"),
        ({"name": "x" * 71}, "at most 70"),
        ({"name": "Ropo\nCapital"}, "one line"),
        ({"name": "Ropo\u2028Capital"}, "one line"),
        ({"text": "x" * 141}, "at most 140"),
        ({"text": "a\rb"}, "one line"),
        ({"info": "x" * 71}, "at most 70"),
    ],
)
def test_a_text_element_that_does_not_fit_is_refused(overrides, message):
    with pytest.raises(InvalidQrField, match=message):
        payload(**overrides)


def test_text_elements_are_counted_in_characters_not_bytes():
    text = payload(name="ä" * 70, text="a" * 140)  # the name is 140 bytes long
    assert text.split("\n")[5] == "ä" * 70


def test_the_payload_may_have_exactly_331_bytes_in_utf_8_but_not_332():
    # 45 bytes of fixed elements and separators + 140 (70 x "ä") + 146 = 331.
    fitting = payload(name="ä" * 70, text="ä" * 6 + "a" * 134)
    assert len(fitting.encode("utf-8")) == 331
    with pytest.raises(InvalidQrField, match="332 bytes"):
        payload(name="ä" * 70, text="ä" * 7 + "a" * 133)


@pytest.mark.parametrize(
    ("iban", "message"),
    [
        ("FI79 4405 2020 0360 83", "invalid IBAN"),
        ("SA03 8000 0000 6080 1016 7519", "not in the SEPA zone"),
        ("XX79 4405 2020 0360 82", "invalid IBAN"),
        ("FI79 4405 2020 0360 8٢", "invalid IBAN"),
    ],
)
def test_an_iban_that_is_invalid_or_outside_sepa_is_refused(iban, message):
    with pytest.raises(InvalidAccount, match=message):
        payload(iban=iban)


def test_a_payee_outside_the_eea_needs_a_bic():
    with pytest.raises(InvalidAccount, match="BIC is required"):
        payload(iban="CH93 0076 2011 6238 5295 7")
    assert payload(iban="CH93 0076 2011 6238 5295 7", bic="UBSWCHZH80A").split("\n")[4] == (
        "UBSWCHZH80A"
    )


@pytest.mark.parametrize("bic", ["NORDFI", "NORDXXHH", "NORD FI HH 1"])
def test_an_invalid_bic_is_refused(bic):
    with pytest.raises(InvalidAccount, match="invalid BIC"):
        payload(bic=bic)


printable_text = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=70
).map(str.strip)


@settings(deadline=None)  # schwifty validates the IBAN on each example
@given(name=printable_text.filter(bool), info=printable_text, cents=st.integers(1, 10**11 - 1))
def test_every_accepted_payload_fits_the_format(name, info, cents):
    try:
        text = payload(name=name, info=info, amount=Decimal(cents) / 100, text="Invoice 1")
    except InvalidQrField as error:
        assert "bytes" in str(error)
        return
    lines = text.split("\n")
    assert lines[:4] == ["BCD", "002", "1", "SCT"]
    assert lines[5] == name and lines[-1] != ""
    assert len(text.encode("utf-8")) <= 331
    assert len(lines) <= 12
