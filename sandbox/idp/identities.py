"""Personal identity codes at the test bank: validation (python-stdnum), canonical form, names.

Canonical forms are the ones the sandbox seeds (and the portal matches on): Finnish
henkilötunnus ``DDMMYYCZZZQ`` in upper case, Swedish personnummer with the century
``YYYYMMDD-NNNC``, Norwegian fødselsnummer as 11 digits.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from stdnum.exceptions import ValidationError
from stdnum.fi import hetu
from stdnum.no import fodselsnummer
from stdnum.se import personnummer

from sandbox.idp.models import IdentityCountry

CODE_NAMES = {
    "FI": "Finnish personal identity code (henkilötunnus)",
    "SE": "Swedish personal identity number (personnummer)",
    "NO": "Norwegian national identity number (fødselsnummer)",
}

# Names for valid identity codes nobody seeded: picked from the code, so always the same.
_GIVEN_NAMES = {
    "FI": ("Aada", "Eino", "Helmi", "Onni", "Venla", "Leo", "Kerttu", "Väinö"),
    "SE": ("Astrid", "Nils", "Elsa", "Oskar", "Maja", "Hugo", "Ebba", "Axel"),
    "NO": ("Ingrid", "Jakob", "Emma", "Filip", "Sofie", "Henrik", "Tuva", "Sander"),
}
_FAMILY_NAMES = {
    "FI": ("Koskinen", "Heikkinen", "Järvinen", "Lehtonen", "Salminen", "Rantanen"),
    "SE": ("Lindberg", "Berglund", "Holm", "Sandberg", "Engström", "Forsberg"),
    "NO": ("Bakken", "Lunde", "Solberg", "Strand", "Moen", "Eide"),
}


EMPTY = "Enter an identity code."


class InvalidIdentityCode(ValueError):
    """The code is not a valid personal identity code (of the given country): a sentence."""


@dataclass(frozen=True)
class PersonCode:
    country: str
    identity_code: str

    @property
    def username(self) -> str:
        """The sandbox user standing for this identity."""
        return f"{self.country}-{self.identity_code}"


def _canonical_fi(code: str) -> str:
    return hetu.validate(code)


def _canonical_se(code: str) -> str:
    compact = personnummer.validate(code)
    born = personnummer.get_birth_date(compact)
    return f"{born:%Y%m%d}-{compact[-4:]}"


def _canonical_no(code: str) -> str:
    return fodselsnummer.validate(code)


_CANONICAL = {"FI": _canonical_fi, "SE": _canonical_se, "NO": _canonical_no}


def canonical(country: str, code: str) -> PersonCode:
    """The canonical form of a valid personal identity code of ``country``."""
    if country not in _CANONICAL:
        raise InvalidIdentityCode(f"{country!r} is not one of {', '.join(_CANONICAL)}.")
    code = code.strip()
    if not code:
        raise InvalidIdentityCode(EMPTY)
    try:
        return PersonCode(country, _CANONICAL[country](code))
    except ValidationError as exc:
        raise InvalidIdentityCode(f"“{code}” is not a valid {CODE_NAMES[country]}.") from exc


def detect(code: str) -> PersonCode:
    """The canonical form of a code valid in exactly the first country (FI, SE, NO) it fits."""
    for country in IdentityCountry.values:
        try:
            return canonical(country, code)
        except InvalidIdentityCode:
            continue
    shown = code.strip()
    raise InvalidIdentityCode(
        f"“{shown}” is not a valid personal identity code of Finland, Sweden or Norway."
        if shown
        else EMPTY
    )


def generated_name(person: PersonCode) -> tuple[str, str]:
    """A plausible (given, family) name for an identity nobody seeded, stable per code."""
    digest = hashlib.sha256(f"{person.country}:{person.identity_code}".encode()).digest()
    given = _GIVEN_NAMES[person.country]
    family = _FAMILY_NAMES[person.country]
    return given[digest[0] % len(given)], family[digest[1] % len(family)]


def split_name(name: str) -> tuple[str, str]:
    """``"Aino Maria Virtanen"`` -> ``("Aino Maria", "Virtanen")``."""
    given, _, family = name.strip().rpartition(" ")
    return (given, family) if given else (family, "")
