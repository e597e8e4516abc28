import math

from invoices.public_id import ALPHABET, BODY_LENGTH, display, is_valid, new_myropo_id, normalise


def test_new_ids_are_valid_and_carry_at_least_40_bits():
    assert BODY_LENGTH * math.log2(len(ALPHABET)) >= 40
    ids = {new_myropo_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(is_valid(code) for code in ids)


def test_alphabet_has_no_look_alike_symbols():
    assert not set("01OILU") & set(ALPHABET)


def test_every_single_mistyped_symbol_is_caught():
    for _ in range(50):
        code = new_myropo_id()
        for position in range(len(code)):
            for symbol in ALPHABET:
                if symbol != code[position]:
                    typo = code[:position] + symbol + code[position + 1 :]
                    assert not is_valid(typo), (code, typo)


def test_most_neighbour_swaps_are_caught():
    caught = total = 0
    for _ in range(300):
        code = new_myropo_id()
        for i in range(len(code) - 1):
            if code[i] != code[i + 1]:
                swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
                total += 1
                caught += not is_valid(swapped)
    assert caught / total > 0.97


def test_typed_ids_are_accepted_in_any_case_and_grouping():
    code = new_myropo_id()
    shown = display(code)
    assert shown.count("-") == 2
    assert is_valid(shown.lower())
    assert normalise(f" {shown.lower()} ") == code


def test_garbage_is_not_valid():
    assert not is_valid("")
    assert not is_valid("ABC")
    assert not is_valid("0" * 11)
