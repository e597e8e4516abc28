import pytest

from accounts.identity import InvalidIdentity, canonical_identity, identity_hash


def test_swedish_personnummer_in_any_form_gives_one_hash():
    forms = ["811218-9876", "8112189876", "19811218-9876", "198112189876"]
    assert len({identity_hash("SE", "person", f) for f in forms}) == 1


def test_finnish_code_is_case_insensitive():
    assert identity_hash("FI", "person", "131052-308t") == identity_hash(
        "FI", "person", "131052-308T"
    )


def test_business_ids_are_canonicalised():
    assert canonical_identity("NO", "company", "988 077 917") == "988077917"
    assert canonical_identity("FI", "company", "2077474-0") == "20774740"


def test_hash_depends_on_the_secret_key(settings):
    before = identity_hash("FI", "person", "131052-308T")
    settings.BLIND_INDEX_KEY = "another-key"
    assert identity_hash("FI", "person", "131052-308T") != before


@pytest.mark.parametrize(
    ("country", "kind", "code"),
    [
        ("FI", "person", "131052-308U"),
        ("SE", "person", "8112189875"),
        ("NO", "company", "988077918"),
        ("DK", "person", "x"),
    ],
)
def test_invalid_codes_are_refused(country, kind, code):
    with pytest.raises(InvalidIdentity):
        canonical_identity(country, kind, code)


def test_hash_does_not_contain_the_code():
    digest = identity_hash("FI", "person", "131052-308T")
    assert len(digest) == 64
    assert "131052" not in digest
