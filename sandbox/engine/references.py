"""Payment references (Ropo One ``billcode``) per country, computed locally.

* Finland: national reference (viitenumero), check digit with weights 7-3-1 from the right.
* Sweden: OCR reference, Luhn (mod 10) check digit.
* Norway: KID, MOD10 (Luhn) check digit.
"""

from __future__ import annotations

_FI_WEIGHTS = (7, 3, 1)


def fi_check_digit(base: str) -> str:
    total = sum(int(d) * _FI_WEIGHTS[i % 3] for i, d in enumerate(reversed(base)))
    return str((10 - total % 10) % 10)


def luhn_check_digit(base: str) -> str:
    total = 0
    for i, char in enumerate(reversed(base)):
        digit = int(char) * (2 if i % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return str((10 - total % 10) % 10)


_RULES: dict[str, tuple[int, int]] = {"FI": (3, 19), "SE": (1, 24), "NO": (1, 24)}


def _check_base(country: str, base: str) -> None:
    low, high = _RULES[country]
    if not base.isdigit() or not low <= len(base) <= high:
        raise ValueError(f"a {country} reference base needs {low}-{high} digits, got {base!r}")


def make_reference(country: str, base: str) -> str:
    """Append the country's check digit to ``base`` (digits only)."""
    _check_base(country, base)
    check = fi_check_digit(base) if country == "FI" else luhn_check_digit(base)
    return base + check


def is_valid_reference(country: str, reference: str) -> bool:
    compact = reference.replace(" ", "")
    base, check = compact[:-1], compact[-1:]
    try:
        return make_reference(country, base)[-1] == check
    except (KeyError, ValueError):
        return False
