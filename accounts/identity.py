"""Strong identities (personal identity codes and business ids) and their lookup hashes.

Codes are validated and put in one canonical form per country with python-stdnum, so the
same person always yields the same keyed hash, whichever way the code was written.
"""

from stdnum import exceptions as stdnum_errors
from stdnum.fi import hetu, ytunnus
from stdnum.no import fodselsnummer
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr
from stdnum.se import personnummer

from accounts.crypto import blind_index

PERSON = "person"
COMPANY = "company"

_VALIDATORS = {
    ("FI", PERSON): hetu,
    ("SE", PERSON): personnummer,
    ("NO", PERSON): fodselsnummer,
    ("FI", COMPANY): ytunnus,
    ("SE", COMPANY): se_orgnr,
    ("NO", COMPANY): no_orgnr,
}


class InvalidIdentity(ValueError):
    """The code is not a valid identity code or business id for that country."""


def canonical_identity(country: str, kind: str, code: str) -> str:
    module = _VALIDATORS.get((country.upper(), kind))
    if module is None:
        raise InvalidIdentity(f"No identity scheme for {country}/{kind}.")
    try:
        compact = module.compact(module.validate(code))
        if module is personnummer:
            # 10- and 12-digit forms of the same person: canonicalise to YYYYMMDDNNNN.
            birth = personnummer.get_birth_date(compact)
            compact = birth.strftime("%Y%m%d") + compact[-4:]
        return compact
    except stdnum_errors.ValidationError as exc:
        raise InvalidIdentity("Not a valid identity code.") from exc


def identity_hash(country: str, kind: str, code: str) -> str:
    """The keyed hash that finds a person or company without storing the code in clear."""
    return canonical_hash(country, kind, canonical_identity(country, kind, code))


def canonical_hash(country: str, kind: str, canonical: str) -> str:
    """`identity_hash` of a code already in canonical form (skips validating it again)."""
    return blind_index(f"{country.upper()}:{kind}:{canonical}", context="identity")
