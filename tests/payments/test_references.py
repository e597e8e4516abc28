"""Payment references and the Finnish virtual barcode: published vectors, hand-derived examples,
properties and refusals."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from itertools import cycle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from schwifty import IBAN
from stdnum import iso11649, luhn

from payments.references import (
    InvalidAccount,
    InvalidAmount,
    InvalidBarcode,
    InvalidReference,
    PaymentDataError,
    VirtualBarcode,
    fi_check_digit,
    fi_reference,
    format_fi_reference,
    format_rf_reference,
    is_valid_fi_reference,
    is_valid_kid,
    is_valid_rf_reference,
    is_valid_se_ocr,
    kid,
    parse_virtual_barcode,
    rf_from_fi,
    rf_reference,
    se_ocr,
    validate_fi_reference,
    validate_rf_reference,
    virtual_barcode,
)

VECTORS_PATH = Path(__file__).resolve().parents[3] / "shared" / "data" / "test-vectors.json"
VECTORS: dict = json.loads(VECTORS_PATH.read_text("utf-8")) if VECTORS_PATH.is_file() else {}
MISSING = f"the published test vectors are not at {VECTORS_PATH}"


def published(group: str, key: str) -> list:
    """The vectors of one group, or a single skipped case when the file is absent."""
    if not VECTORS:
        return [pytest.param(None, marks=pytest.mark.skip(reason=MISSING))]
    values = VECTORS[group][key]
    return list(values.items()) if isinstance(values, dict) else values


IBAN_A = "FI79 4405 2020 0360 82"
IBAN_B = "FI58 1017 1000 0001 22"


# --- Independent, deliberately naive re-implementations used to cross-check --------------


def by_hand_731(digits: str) -> str:
    total = sum(int(d) * w for d, w in zip(reversed(digits), cycle((7, 3, 1)), strict=False))
    return str((10 - total % 10) % 10)


def by_hand_rf_check(body: str) -> str:
    value = int("".join(str(int(char, 36)) for char in body + "RF00"))
    return f"{98 - value % 97:02d}"


def by_hand_mod11(digits: str) -> str | None:
    total = sum(int(d) * w for d, w in zip(reversed(digits), cycle(range(2, 8)), strict=False))
    remainder = total % 11
    return None if remainder == 1 else str((11 - remainder) % 11)


# --- Published vectors -------------------------------------------------------------------


@pytest.mark.parametrize("vector", published("fi_virtual_barcode_v4", "vectors"))
def test_each_published_version_4_barcode_is_reproduced_digit_for_digit(vector):
    due = date.fromisoformat(vector["due_date"])
    code = virtual_barcode(vector["iban"], Decimal(vector["amount"]), vector["reference"], due)
    assert code == vector["expected"]


@pytest.mark.parametrize("vector", published("fi_virtual_barcode_v5", "vectors"))
def test_each_published_version_5_barcode_is_reproduced_digit_for_digit(vector):
    due = date.fromisoformat(vector["due_date"])
    code = virtual_barcode(vector["iban"], Decimal(vector["amount"]), vector["reference"], due)
    assert code == vector["expected"]


@pytest.mark.parametrize(
    "vector",
    published("fi_virtual_barcode_v4", "vectors") + published("fi_virtual_barcode_v5", "vectors"),
)
def test_each_published_barcode_reads_back_into_its_fields(vector):
    fields = parse_virtual_barcode(vector["expected"])
    assert fields.iban == IBAN(vector["iban"]).compact
    assert fields.amount == Decimal(vector["amount"])
    assert fields.due_date == date.fromisoformat(vector["due_date"])
    assert fields.reference == "".join(vector["reference"].split())


def test_the_published_v5_reference_is_the_rf_form_of_the_published_v4_reference():
    if not VECTORS:
        pytest.skip(MISSING)
    national = VECTORS["fi_virtual_barcode_v4"]["vectors"][0]["reference"]
    creditor = VECTORS["fi_virtual_barcode_v5"]["vectors"][0]["reference"]
    assert rf_from_fi(national) == validate_rf_reference(creditor)


@pytest.mark.parametrize("value", published("fi_reference", "valid"))
def test_each_published_valid_finnish_reference_has_a_correct_7_3_1_check_digit(value):
    assert fi_check_digit(value[:-1]) == value[-1] == by_hand_731(value[:-1])


@pytest.mark.parametrize("value", published("fi_reference", "valid"))
def test_published_valid_finnish_references_validate_when_at_least_four_digits_long(value):
    # The published list has "13" and "107": right check digits, but Finance Finland's
    # rules ask for 4-20 digits, so this module refuses them (see the report).
    assert is_valid_fi_reference(value) is (len(value) >= 4)


@pytest.mark.parametrize("value", published("fi_reference", "invalid"))
def test_each_published_invalid_finnish_reference_is_refused(value):
    assert not is_valid_fi_reference(value)
    assert fi_check_digit(value[:-1]) != value[-1]


@pytest.mark.parametrize("pair", published("fi_reference", "from_base"))
def test_each_published_base_gets_the_published_check_digit(pair):
    base, expected = pair
    assert base + fi_check_digit(base) == expected


@pytest.mark.parametrize("pair", published("fi_reference", "from_base"))
def test_published_bases_shorter_than_three_digits_are_refused_as_whole_references(pair):
    base, _ = pair
    with pytest.raises(InvalidReference, match="3-19 digits"):
        fi_reference(base)


@pytest.mark.parametrize("value", published("rf_creditor_reference", "valid"))
def test_each_published_valid_rf_reference_validates(value):
    assert is_valid_rf_reference(value)
    assert iso11649.is_valid(value)


@pytest.mark.parametrize("value", published("rf_creditor_reference", "invalid"))
def test_each_published_invalid_rf_reference_is_refused(value):
    assert not is_valid_rf_reference(value)


@pytest.mark.parametrize("pair", published("rf_creditor_reference", "from_body"))
def test_each_published_rf_body_gets_the_published_reference(pair):
    body, expected = pair
    assert rf_reference(body) == expected


@pytest.mark.parametrize("vector", published("se_ocr", "from_number"))
def test_each_published_ocr_number_gets_the_published_reference(vector):
    assert vector["pad"] == ""  # padding is not a feature of this module
    assert se_ocr(vector["number"], length_digit=vector["length_digit"]) == vector["expected"]


@pytest.mark.parametrize("value", published("se_ocr", "valid_ocr"))
def test_each_published_ocr_reference_validates_with_and_without_the_length_digit_rule(value):
    assert is_valid_se_ocr(value)
    assert is_valid_se_ocr(value, length_digit=True)


@pytest.mark.parametrize("pair", published("no_kid", "mod10"))
def test_each_published_mod10_kid_is_reproduced(pair):
    number, expected = pair
    assert kid(number) == expected
    assert is_valid_kid(expected)


@pytest.mark.parametrize("pair", published("no_kid", "mod11"))
def test_each_published_mod11_kid_is_reproduced(pair):
    number, expected = pair
    assert kid(number, method="mod11") == expected
    assert is_valid_kid(expected, method="mod11")


@pytest.mark.parametrize("value", published("no_kid", "valid_mod11"))
def test_each_published_mod11_kid_validates(value):
    assert is_valid_kid(value, method="mod11")
    assert kid(value[:-1], method="mod11") == value


# --- Finnish national reference: derived examples ----------------------------------------


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("123456", "1234561"),  # 6*7+5*3+4*1+3*7+2*3+1*1 = 89 -> 1 (Finance Finland example)
        ("123", "1232"),  # 3*7+2*3+1*1 = 28 -> 2
        ("100", "1009"),  # 0+0+1*1 = 1 -> 9
        ("999", "9991"),  # 9*(7+3+1) = 99 -> 1
        ("250", "2503"),  # 0*7+5*3+2*1 = 17 -> 3
        ("123456712345678", "1234567123456784"),  # sum 246 -> 4 (published worked example)
        ("1" * 19, "1" * 19 + by_hand_731("1" * 19)),  # the longest base
    ],
)
def test_a_finnish_reference_is_its_base_and_the_7_3_1_check_digit(base, expected):
    assert fi_reference(base) == expected
    assert by_hand_731(base) == expected[-1]


def test_a_finnish_reference_base_may_contain_spaces():
    assert fi_reference(" 12 3456 ") == "1234561"


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("1234561", "12 34561"),
        ("1232", "1232"),
        ("12344", "12344"),  # 4*7+3*3+2*1+1*7 = 46 -> 4
        ("868516259619897", "86851 62596 19897"),
        ("12345678901234567894", "12345 67890 12345 67894"),
    ],
)
def test_a_finnish_reference_is_printed_in_groups_of_five_from_the_right(value, printed):
    assert format_fi_reference(value) == printed
    assert validate_fi_reference(printed) == value


def test_the_machine_readable_zero_padded_form_validates_and_compacts_without_zeros():
    assert validate_fi_reference("00000000000001234561") == "1234561"
    assert validate_fi_reference("12 34561") == "1234561"


def test_zero_padding_cannot_make_a_too_short_reference_long_enough():
    assert not is_valid_fi_reference("0013")


def test_the_7_3_1_rule_catches_every_single_digit_change_of_a_reference():
    # Changing digit d to d' moves the sum by w*(d'-d) with w in {7, 3, 1} and 0 < |d'-d| < 10;
    # 7, 3 and 1 are coprime with 10, so the sum's last digit always changes.
    reference = "1234567123456784"
    for position, digit in enumerate(reference):
        for other in "0123456789".replace(digit, ""):
            changed = reference[:position] + other + reference[position + 1 :]
            assert not is_valid_fi_reference(changed), changed


def test_the_7_3_1_rule_misses_some_transpositions_of_digits_five_apart():
    # A known limit: swapping adjacent a, b moves the sum by (w1 - w2)(a - b), and all weight
    # differences (4, 2, 6) are even, so |a - b| = 5 goes unnoticed.
    assert is_valid_fi_reference("1601") and is_valid_fi_reference("6101")


@pytest.mark.parametrize(
    ("base", "message"),
    [
        ("12", "3-19 digits"),
        ("1" * 20, "3-19 digits"),
        ("12a4", "digits 0-9 only"),
        ("12-34", "digits 0-9 only"),
        ("١٢٣٤", "digits 0-9 only"),  # Arabic-Indic digits: str.isdigit() says yes
        ("²34", "digits 0-9 only"),
        ("0123", "leading zeros"),
        ("", "digits 0-9 only"),
    ],
)
def test_a_bad_finnish_reference_base_is_refused_with_a_clear_message(base, message):
    with pytest.raises(InvalidReference, match=message):
        fi_reference(base)


def test_a_finnish_reference_base_must_be_a_string():
    with pytest.raises(TypeError, match="str"):
        fi_reference(1234)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value", ["", "123", "1233", "123456789012345678901", "12 34a61", "1234561\n2", "RF4113"]
)
def test_bad_finnish_references_are_not_valid(value):
    assert not is_valid_fi_reference(value)


def test_the_errors_are_value_errors_for_callers_that_catch_those():
    assert issubclass(InvalidReference, PaymentDataError)
    assert issubclass(PaymentDataError, ValueError)
    assert not issubclass(InvalidReference, ReferenceError)


# --- RF creditor reference: derived examples ---------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("539007547034", "RF18539007547034"),  # stdnum's iso11649 doctest
        ("5390075470Y", "RF185390075470Y"),
        ("13", "RF4113"),  # 13271500 mod 97 = 57; 98 - 57 = 41
        ("1234561", "RF341234561"),  # 1234561271500 mod 97 = 64; 98 - 64 = 34
        ("c2h5oh", "RF97C2H5OH"),  # lower case is upper-cased
        ("54", "RF9854"),
        ("36", "RF0236"),
    ],
)
def test_an_rf_reference_is_rf_the_iso_7064_check_digits_and_the_body(body, expected):
    assert rf_reference(body) == expected
    assert by_hand_rf_check(body.upper()) == expected[2:4]
    assert iso11649.is_valid(expected)


def test_an_rf_reference_is_printed_in_groups_of_four():
    assert format_rf_reference("rf18539007547034") == "RF18 5390 0754 7034"
    assert format_rf_reference("RF4113") == "RF41 13"


def test_an_rf_reference_may_be_typed_with_spaces_and_in_lower_case():
    assert validate_rf_reference(" rf18 5390 0754 7034 ") == "RF18539007547034"


@pytest.mark.parametrize(("alias", "canonical"), [("RF0154", "RF9854"), ("RF9936", "RF0236")])
def test_check_digit_aliases_that_no_generator_produces_are_refused(alias, canonical):
    # 01 = 98 - 97 and 99 = 2 + 97 pass the bare mod-97 test (stdnum accepts them).
    assert iso11649.is_valid(alias)
    assert not is_valid_rf_reference(alias)
    assert is_valid_rf_reference(canonical)


def test_the_rf_form_of_a_finnish_reference_embeds_it_without_leading_zeros():
    assert rf_from_fi("00000000000001234561") == "RF341234561"
    assert rf_from_fi("12 34561") == "RF341234561"
    assert rf_from_fi("86851 62596 19897") == "RF09868516259619897"


def test_only_a_valid_finnish_reference_gets_an_rf_form():
    with pytest.raises(InvalidReference, match="check digit"):
        rf_from_fi("1234560")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("1" * 22, "at most 21"),
        ("AB-12", "A-Z and 0-9"),
        ("ÄB12", "A-Z and 0-9"),
        ("", "A-Z and 0-9"),
    ],
)
def test_a_bad_rf_body_is_refused_with_a_clear_message(body, message):
    with pytest.raises(InvalidReference, match=message):
        rf_reference(body)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "RF",
        "RF18",
        "RF1",
        "XX18539007547034",
        "RF17539007547034",
        "RF18-5390",
        "RF4113" + "1" * 20,
    ],
)
def test_bad_rf_references_are_not_valid(value):
    assert not is_valid_rf_reference(value)


# --- Virtual barcode: derived examples and refusals --------------------------------------


def test_a_barcode_without_due_date_ends_in_six_zeros():
    code = virtual_barcode(IBAN_A, Decimal("4883.15"), "86851 62596 19897", None)
    assert code == "479440520200360820048831500000000868516259619897000000"


@pytest.mark.parametrize(
    ("amount", "field"),
    [
        (Decimal("0"), "00000000"),  # amount not given
        (Decimal("0.01"), "00000001"),
        (Decimal("12.3"), "00001230"),
        (Decimal("12.300"), "00001230"),
        (Decimal("1E+2"), "00010000"),
        (Decimal("999999.99"), "99999999"),
    ],
)
def test_the_amount_takes_six_digits_of_euros_and_two_of_cents(amount, field):
    code = virtual_barcode(IBAN_B, amount, "1232", date(2025, 12, 31))
    assert code == "4" + "5810171000000122" + field + "000" + "1232".zfill(20) + "251231"


def test_a_short_rf_reference_is_zero_padded_after_its_check_digits_in_version_5():
    code = virtual_barcode(IBAN_B, Decimal("1"), "RF41 13", None)
    assert code == "5" + "5810171000000122" + "00000100" + "41" + "13".zfill(21) + "000000"


def test_the_iban_may_be_typed_in_lower_case_without_spaces():
    assert virtual_barcode("fi7944052020036082", Decimal("1"), "1232", None)[1:17] == (
        "7944052020036082"
    )


@pytest.mark.parametrize("amount", [4883.15, 4883, "4883.15", None])
def test_a_barcode_amount_that_is_not_a_decimal_is_a_type_error(amount):
    with pytest.raises(TypeError, match="Decimal"):
        virtual_barcode(IBAN_A, amount, "1232", None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("1000000"), "at most 999999.99"),
        (Decimal("1E+30"), "at most 999999.99"),
        (Decimal("-0.01"), "negative"),
        (Decimal("0.001"), "whole cents"),
        (Decimal("NaN"), "finite"),
        (Decimal("Infinity"), "finite"),
    ],
)
def test_a_barcode_amount_out_of_range_is_refused(amount, message):
    with pytest.raises(InvalidAmount, match=message):
        virtual_barcode(IBAN_A, amount, "1232", None)


@pytest.mark.parametrize(
    ("iban", "message"),
    [
        ("SE45 5000 0000 0583 9825 7466", "Finnish IBANs only"),
        ("DE89 3704 0044 0532 0130 00", "Finnish IBANs only"),
        ("FI79 4405 2020 0360 83", "invalid IBAN"),  # IBAN check digits wrong
        ("FI52 4405 2020 0360 83", "invalid IBAN"),  # IBAN fine, account's Luhn digit wrong
        ("FI79 4405 2020 0360 8", "16 digits"),
        ("FI79 4405 2020 0360 8٢", "16 digits"),
    ],
)
def test_a_barcode_needs_a_valid_finnish_iban(iban, message):
    with pytest.raises(InvalidAccount, match=message):
        virtual_barcode(iban, Decimal("1"), "1232", None)


def test_a_version_5_barcode_needs_a_numeric_rf_body():
    with pytest.raises(InvalidBarcode, match="numeric body"):
        virtual_barcode(IBAN_A, Decimal("1"), "RF97C2H5OH", None)


@pytest.mark.parametrize("reference", ["1233", "123", "RF17539007547034", "", "12a4"])
def test_a_barcode_needs_a_valid_reference(reference):
    with pytest.raises(InvalidReference):
        virtual_barcode(IBAN_A, Decimal("1"), reference, None)


@pytest.mark.parametrize("due", [date(1999, 12, 31), date(2100, 1, 1)])
def test_a_due_date_outside_the_two_digit_years_2000_2099_is_refused(due):
    with pytest.raises(InvalidBarcode, match="2000-2099"):
        virtual_barcode(IBAN_A, Decimal("1"), "1232", due)


def test_a_due_date_must_be_a_date():
    with pytest.raises(TypeError, match="date"):
        virtual_barcode(IBAN_A, Decimal("1"), "1232", "2025-01-01")  # type: ignore[arg-type]


VALID_V4 = "479440520200360820048831500000000868516259619897100612"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (VALID_V4[:-1], "54 digits"),
        ("6" + VALID_V4[1:], "versions 4 and 5"),
        (VALID_V4[:25] + "001" + VALID_V4[28:], "reserve"),
        (VALID_V4[:48] + "101332", "not a date"),
        (VALID_V4[:53] + "x", "digits 0-9 only"),
    ],
)
def test_a_malformed_barcode_is_refused_when_read(code, message):
    with pytest.raises(InvalidBarcode, match=message):
        parse_virtual_barcode(code)


def test_a_barcode_with_a_wrong_reference_check_digit_is_refused_when_read():
    with pytest.raises(InvalidReference):
        parse_virtual_barcode(VALID_V4[:47] + "8" + VALID_V4[48:])


def test_reading_a_barcode_gives_amount_zero_and_no_due_date_when_not_given():
    code = virtual_barcode(IBAN_A, Decimal("0"), "1232", None)
    assert parse_virtual_barcode(code) == VirtualBarcode(
        version=4, iban="FI7944052020036082", amount=Decimal("0"), reference="1232", due_date=None
    )


# --- Swedish OCR and Norwegian KID: derived examples and refusals ------------------------


@pytest.mark.parametrize(
    ("number", "length_digit", "expected"),
    [
        ("1234567890", False, "12345678903"),  # Luhn of 1234567890 is 3
        ("1234567890", True, "123456789023"),  # 12 digits -> length digit 2; Luhn sum 47 -> 3
        ("4", False, "42"),
        ("1" * 24, False, "1" * 24 + luhn.calc_check_digit("1" * 24)),
    ],
)
def test_an_ocr_reference_ends_in_a_luhn_digit_after_an_optional_length_digit(
    number, length_digit, expected
):
    assert se_ocr(number, length_digit=length_digit) == expected
    assert luhn.is_valid(expected)
    assert is_valid_se_ocr(expected, length_digit=length_digit)


def test_an_ocr_reference_with_a_wrong_length_digit_is_not_valid_under_the_length_rule():
    value = se_ocr("1234567890")  # 11 digits whose second-to-last is 0, not 1
    assert is_valid_se_ocr(value)
    assert not is_valid_se_ocr(value, length_digit=True)


@pytest.mark.parametrize(
    ("number", "length_digit", "message"),
    [
        ("1" * 25, False, "26 digits"),
        ("1" * 24, True, "26 digits"),
        ("12a", False, "digits 0-9 only"),
        ("", False, "digits 0-9 only"),
    ],
)
def test_a_bad_ocr_number_is_refused(number, length_digit, message):
    with pytest.raises(InvalidReference, match=message):
        se_ocr(number, length_digit=length_digit)


@pytest.mark.parametrize(
    ("value", "length_digit"),
    [("", False), ("0", False), ("1230 x", False), ("1231", False), ("1" * 26, False)]
    + [("12350", True), ("00", True), ("1230", True)],
)
def test_bad_ocr_references_are_not_valid(value, length_digit):
    assert not is_valid_se_ocr(value, length_digit=length_digit)


@pytest.mark.parametrize(
    ("number", "method", "expected"),
    [
        ("1234567890", "mod10", "12345678903"),
        ("1234567890", "mod11", "12345678903"),  # sum 195, 195 mod 11 = 8, 11 - 8 = 3
        ("11", "mod11", "116"),  # 1*2 + 1*3 = 5 -> 11 - 5 = 6
        ("5", "mod11", "51"),  # 5*2 = 10 -> 11 - 10 = 1
        ("0", "mod11", "00"),  # remainder 0 -> 0
    ],
)
def test_a_kid_is_the_number_and_its_check_digit(number, method, expected):
    assert kid(number, method=method) == expected
    assert is_valid_kid(expected, method=method)
    if method == "mod11":
        assert by_hand_mod11(number) == expected[-1]
    else:
        assert luhn.is_valid(expected)


def test_a_mod11_kid_whose_check_would_be_a_dash_is_refused():
    # "23": 3*2 + 2*3 = 12, 12 mod 11 = 1 -> the check would be "-": refused by this module.
    with pytest.raises(InvalidReference, match="'-'"):
        kid("23", method="mod11")
    assert not is_valid_kid("23-", method="mod11")
    assert all(not is_valid_kid("23" + d, method="mod11") for d in "0123456789")


@pytest.mark.parametrize(("number", "message"), [("1" * 25, "26 digits"), ("12 3a", "0-9")])
def test_a_bad_kid_number_is_refused(number, message):
    with pytest.raises(InvalidReference, match=message):
        kid(number)


def test_an_unknown_kid_method_is_refused():
    with pytest.raises(ValueError, match="mod10"):
        kid("1234", method="mod97")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="mod10"):
        is_valid_kid("12344", method="MOD10")  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["", "4", "1" * 26, "1234a", "12345"])
def test_bad_kids_are_not_valid(value):
    assert not is_valid_kid(value)


# --- Properties ---------------------------------------------------------------------------

fi_bases = st.from_regex(r"[1-9][0-9]{2,18}", fullmatch=True)
numeric_rf_bodies = st.from_regex(r"[1-9][0-9]{0,20}", fullmatch=True)
rf_bodies = st.from_regex(r"[0-9A-Z]{1,21}", fullmatch=True)
cents = st.integers(min_value=0, max_value=99_999_999)
due_dates = st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@st.composite
def finnish_ibans(draw: st.DrawFn) -> str:
    stem = draw(st.from_regex(r"[0-9]{13}", fullmatch=True))
    return str(IBAN.from_bban("FI", stem + luhn.calc_check_digit(stem)))


@st.composite
def barcode_references(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return fi_reference(draw(fi_bases))
    return rf_reference(draw(numeric_rf_bodies))


@given(base=fi_bases)
def test_every_generated_finnish_reference_validates_and_survives_printing(base):
    reference = fi_reference(base)
    assert reference[-1] == by_hand_731(base)
    assert validate_fi_reference(reference) == reference
    assert validate_fi_reference(format_fi_reference(reference)) == reference
    assert validate_fi_reference(" ".join(reference)) == reference
    assert validate_fi_reference(reference.zfill(20)) == reference


@given(base=fi_bases, data=st.data())
def test_changing_any_one_digit_of_a_finnish_reference_makes_it_invalid(base, data):
    reference = fi_reference(base)
    position = data.draw(st.integers(min_value=0, max_value=len(reference) - 1))
    other = data.draw(st.sampled_from("0123456789".replace(reference[position], "")))
    assert not is_valid_fi_reference(reference[:position] + other + reference[position + 1 :])


@given(body=rf_bodies)
def test_every_generated_rf_reference_satisfies_stdnum_and_survives_printing(body):
    reference = rf_reference(body)
    assert iso11649.is_valid(reference)
    assert reference[2:4] == by_hand_rf_check(body)
    assert "02" <= reference[2:4] <= "98"
    assert validate_rf_reference(format_rf_reference(reference)) == reference


@given(body=st.from_regex(r"[0-9]{1,21}", fullmatch=True), data=st.data())
def test_changing_any_one_digit_of_a_numeric_rf_reference_makes_it_invalid(body, data):
    # delta * 10**k is never a multiple of the prime 97 for 0 < |delta| < 10.
    reference = rf_reference(body)
    position = data.draw(st.integers(min_value=2, max_value=len(reference) - 1))
    other = data.draw(st.sampled_from("0123456789".replace(reference[position], "")))
    assert not is_valid_rf_reference(reference[:position] + other + reference[position + 1 :])


@given(base=fi_bases)
def test_the_rf_form_of_every_finnish_reference_is_a_valid_rf_reference(base):
    creditor = rf_from_fi(fi_reference(base))
    assert iso11649.is_valid(creditor)
    assert creditor[4:] == fi_reference(base)


@settings(deadline=None)  # schwifty validates the IBAN on each example
@given(iban=finnish_ibans(), amount=cents, reference=barcode_references(), due=due_dates)
def test_every_barcode_has_54_digits_and_reads_back_into_its_fields(iban, amount, reference, due):
    money = Decimal(amount) / 100
    code = virtual_barcode(iban, money, reference, due)
    assert len(code) == 54 and code.isascii() and code.isdigit()
    assert code[0] == ("5" if reference.startswith("RF") else "4")
    version = int(code[0])
    assert parse_virtual_barcode(code) == VirtualBarcode(version, iban, money, reference, due)


@given(number=st.from_regex(r"[0-9]{1,23}", fullmatch=True), length_digit=st.booleans())
def test_every_generated_ocr_reference_passes_luhn_and_its_own_validator(number, length_digit):
    reference = se_ocr(number, length_digit=length_digit)
    assert reference.startswith(number)
    assert luhn.is_valid(reference)
    assert is_valid_se_ocr(reference, length_digit=length_digit)
    if length_digit:
        assert reference[-2] == str(len(reference) % 10)


@given(number=st.from_regex(r"[0-9]{1,24}", fullmatch=True))
def test_every_generated_mod10_kid_passes_luhn(number):
    reference = kid(number)
    assert luhn.is_valid(reference)
    assert is_valid_kid(reference)


@given(number=st.from_regex(r"[0-9]{1,24}", fullmatch=True))
def test_a_mod11_kid_is_generated_and_valid_unless_its_check_would_be_a_dash(number):
    expected = by_hand_mod11(number)
    if expected is None:
        with pytest.raises(InvalidReference):
            kid(number, method="mod11")
    else:
        assert kid(number, method="mod11") == number + expected
        assert is_valid_kid(number + expected, method="mod11")


@given(number=st.from_regex(r"[0-9]{2,24}", fullmatch=True), data=st.data())
def test_mod11_catches_every_adjacent_transposition(number, data):
    # Adjacent weights differ by 1 or 5 (7 then 2): never a multiple of 11.
    expected = by_hand_mod11(number)
    reference = number + expected if expected is not None else None
    if reference is None:
        return
    position = data.draw(st.integers(min_value=0, max_value=len(reference) - 2))
    a, b = reference[position], reference[position + 1]
    swapped = reference[:position] + b + a + reference[position + 2 :]
    assert (a == b) is is_valid_kid(swapped, method="mod11")
