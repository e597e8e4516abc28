"""Valid-looking, checksum-correct identity codes, business ids and IBANs for demo data.

Every generator is deterministic for a given ``random.Random`` and every result is checked
with python-stdnum before it is returned, so seeded identities are always valid.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from stdnum import iban as std_iban
from stdnum.fi import hetu, ytunnus
from stdnum.no import fodselsnummer
from stdnum.no import orgnr as std_no_orgnr
from stdnum.se import orgnr as std_se_orgnr
from stdnum.se import personnummer

from sandbox.engine.references import luhn_check_digit

_HETU_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_MAX_TRIES = 1000


class IdentityError(RuntimeError):
    """No valid code could be produced (should not happen with sane inputs)."""


def fi_hetu(birth: date, individual: int) -> str:
    """Finnish henkilötunnus: DDMMYY, century sign, individual number 002-899, check char."""
    century = "-" if birth.year < 2000 else "A"
    digits = f"{birth:%d%m%y}{individual:03d}"
    return f"{birth:%d%m%y}{century}{individual:03d}{_HETU_CHARS[int(digits) % 31]}"


def se_personnummer(birth: date, serial: int) -> str:
    """Swedish personnummer in the 12-digit form ``YYYYMMDD-NNNC`` (Luhn over YYMMDDNNN)."""
    nine = f"{birth:%y%m%d}{serial:03d}"
    return f"{birth:%Y%m%d}-{serial:03d}{luhn_check_digit(nine)}"


def _mod11(digits: str, weights: tuple[int, ...]) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else check


def no_fodselsnummer(birth: date, individual: int) -> str | None:
    """Norwegian fødselsnummer DDMMYYIII + two mod-11 check digits; None if not computable."""
    nine = f"{birth:%d%m%y}{individual:03d}"
    k1 = _mod11(nine, (3, 7, 6, 1, 8, 9, 4, 5, 2))
    if k1 is None:
        return None
    k2 = _mod11(nine + str(k1), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
    return None if k2 is None else f"{nine}{k1}{k2}"


def fi_ytunnus(base: str) -> str | None:
    """Finnish Y-tunnus ``NNNNNNN-C`` from 7 digits; None when the check digit would be 1."""
    check = _mod11(base, (7, 9, 10, 5, 8, 4, 2))
    return None if check is None or check == 1 else f"{base}-{check}"


def se_orgnr(base: str) -> str:
    """Swedish organisationsnummer ``NNNNNN-NNNC`` (Luhn over the first nine digits)."""
    return f"{base[:6]}-{base[6:]}{luhn_check_digit(base)}"


def no_orgnr(base: str) -> str | None:
    """Norwegian organisasjonsnummer: 8 digits + mod-11 check digit."""
    check = _mod11(base, (3, 2, 7, 6, 5, 4, 3, 2))
    return None if check is None else f"{base}{check}"


def _birth_date(rng: random.Random, first_year: int, last_year: int) -> date:
    start = date(first_year, 1, 1)
    return start + timedelta(days=rng.randrange((date(last_year, 12, 31) - start).days))


def _person_candidate(country: str, rng: random.Random, birth: date) -> str | None:
    if country == "FI":
        return fi_hetu(birth, rng.randint(2, 899))
    if country == "SE":
        return se_personnummer(birth, rng.randint(0, 999))
    low, high = (0, 499) if birth.year < 2000 else (500, 999)
    return no_fodselsnummer(birth, rng.randint(low, high))


def is_valid_person_code(country: str, code: str) -> bool:
    module = {"FI": hetu, "SE": personnummer, "NO": fodselsnummer}[country]
    return module.is_valid(code)


def is_valid_business_id(country: str, code: str) -> bool:
    module = {"FI": ytunnus, "SE": std_se_orgnr, "NO": std_no_orgnr}[country]
    return module.is_valid(code)


def person_identity(country: str, rng: random.Random, *, born: tuple[int, int]) -> str:
    """A valid personal identity code for someone born between ``born[0]`` and ``born[1]``."""
    for _ in range(_MAX_TRIES):
        code = _person_candidate(country, rng, _birth_date(rng, *born))
        if code and is_valid_person_code(country, code):
            return code
    raise IdentityError(f"no valid {country} identity code produced")


def _company_candidate(country: str, rng: random.Random) -> str | None:
    if country == "FI":
        return fi_ytunnus(f"{rng.randint(1_000_000, 3_299_999):07d}")
    if country == "SE":
        return se_orgnr(f"55{rng.randint(0, 9_999_999):07d}")
    return no_orgnr(f"9{rng.randint(0, 9_999_999):07d}")


def company_identity(country: str, rng: random.Random) -> str:
    """A valid business id: Y-tunnus, organisationsnummer (AB, 55...) or organisasjonsnummer."""
    for _ in range(_MAX_TRIES):
        code = _company_candidate(country, rng)
        if code and is_valid_business_id(country, code):
            return code
    raise IdentityError(f"no valid {country} business id produced")


# Bank codes of real banks so the IBANs look right; national check digits are computed where
# the country has them (Finland: Luhn, Norway: mod 11), the IBAN check digits always.
_BANKS: dict[str, tuple[tuple[str, str], ...]] = {
    "FI": (("123456", "NDEAFIHH"), ("500001", "OKOYFIHH")),
    "SE": (("500", "ESSESESS"), ("600", "HANDSESS")),
    "NO": (("1503", "DNBANOKK"), ("8601", "DABANO22")),
}


def _bban(country: str, bank: str, rng: random.Random) -> str | None:
    if country == "FI":
        body = f"{bank}{rng.randint(0, 9_999_999):07d}"
        return body + luhn_check_digit(body)
    if country == "SE":
        return f"{bank}{rng.randint(0, 10**17 - 1):017d}"
    body = f"{bank}{rng.randint(0, 999_999):06d}"
    check = _mod11(body, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
    return None if check is None else f"{body}{check}"


def bank_account(country: str, rng: random.Random, *, bank_index: int = 0) -> tuple[str, str]:
    """A valid IBAN (compact) and the BIC of its bank."""
    bank, bic = _BANKS[country][bank_index % len(_BANKS[country])]
    for _ in range(_MAX_TRIES):
        bban = _bban(country, bank, rng)
        if bban is None:
            continue
        iban = f"{country}{std_iban.calc_check_digits(f'{country}00{bban}')}{bban}"
        if std_iban.is_valid(iban):
            return iban, bic
    raise IdentityError(f"no valid {country} IBAN produced")
