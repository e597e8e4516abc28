"""Every string a person reads is translated to Finnish, Swedish and Norwegian bokmål."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.test import Client

from tests.conftest import log_in

ROOT = Path(__file__).resolve().parent.parent
LANGS = ["fi", "sv", "nb"]
SOURCE_DIRS = [
    "myropo",
    "accounts",
    "invoices",
    "payments",
    "messaging",
    "creditors",
    "integrations",
    "templates",
]


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_has_no_untranslated_or_fuzzy_entries(lang):
    po = catalogue(lang)
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_every_placeholder(lang):
    for entry in catalogue(lang).translated_entries():
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            for token in ("%(", "{", "%s", "%d"):
                assert entry.msgid.count(token) == form.count(token), entry.msgid


def test_catalogues_contain_every_string_in_the_source(tmp_path):
    """Running makemessages on the source finds no string the catalogues lack."""
    for name in [*SOURCE_DIRS, "manage.py"]:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, tmp_path / name)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fi", "-v0"],
        cwd=tmp_path,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_ENV": "demo"},
    )
    found = {e.msgid for e in polib.pofile(str(tmp_path / "locale/fi/LC_MESSAGES/django.po"))}
    known = {e.msgid for e in catalogue("fi")}
    assert sorted(found - known) == []


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("en", "Your invoices in one place"),
        ("fi", "Kaikki laskusi yhdessä paikassa"),
        ("sv", "Alla dina fakturor på ett ställe"),
        ("nb", "Alle fakturaene dine på ett sted"),
    ],
)
def test_front_page_speaks_the_chosen_language(lang, heading, db):
    client = Client(HTTP_HOST="localhost")
    client.cookies["myropo_language"] = lang
    html = client.get("/").content.decode()
    assert f'<html lang="{lang}">' in html
    assert heading in html


def test_language_switcher_offers_each_language_by_its_own_name(client, db):
    html = client.get("/").content.decode()
    for code, name in [
        ("en", "English"),
        ("fi", "suomi"),
        ("sv", "svenska"),
        ("nb", "norsk bokmål"),
    ]:
        assert f'<option value="{code}" lang="{code}"' in html
        assert f">{name}</option>" in html


# Words that are rightly the same in English and in the language (brand names, codes, and
# words the languages share). Anything else left in English is an untranslated entry.
SAME_AS_ENGLISH = {
    "fi": {"PDF", "Ropo One", "Maventa", "IBAN", "BIC", "euro", "MyRopo", "Chat", "Bankgiro"},
    "sv": {"PDF", "Ropo One", "Maventa", "IBAN", "BIC", "euro", "MyRopo", "Finland", "Bankgiro"}
    | {"Person", "person", "Status", "status", "position", "text", "bank", "Bank", "plan"},
    "nb": {
        "PDF",
        "Ropo One",
        "Maventa",
        "IBAN",
        "BIC",
        "euro",
        "MyRopo",
        "Finland",
        "Chat",
        "Bankgiro",
    }
    | {"Person", "person", "Status", "status", "type", "bank", "Bank", "Send"},
}


@pytest.mark.parametrize("lang", LANGS)
def test_no_english_msgstr_is_left_in_the_catalogue(lang):
    left = [
        e.msgid
        for e in catalogue(lang).translated_entries()
        if not e.msgid_plural and e.msgstr == e.msgid and e.msgid not in SAME_AS_ENGLISH[lang]
    ]
    assert left == []


# Translations a reviewer flagged as the wrong part of speech: (language, context, msgid) and
# the wrong rendering. "Open" above the open invoices is an adjective, not the verb "Avaa!".
WRONG_PART_OF_SPEECH = {
    ("fi", "invoices that are not yet paid or closed", "Open"): {"Avaa"},
    ("sv", "invoices that are not yet paid or closed", "Open"): {"Öppna!"},
    ("nb", "invoices that are not yet paid or closed", "Open"): {"Åpne!"},
}


@pytest.mark.parametrize("lang", LANGS)
def test_flagged_entries_are_translated_as_the_right_part_of_speech(lang):
    entries = {(e.msgctxt, e.msgid): e.msgstr for e in catalogue(lang)}
    for (flagged_lang, context, msgid), wrong in WRONG_PART_OF_SPEECH.items():
        if flagged_lang != lang:
            continue
        assert (context, msgid) in entries, (context, msgid)
        assert entries[(context, msgid)] not in wrong, (context, msgid)


def test_finnish_invoice_list_heads_the_open_invoices_with_an_adjective(client, debtor):
    log_in(client, debtor)
    client.cookies["myropo_language"] = "fi"
    html = client.get("/invoices/").content.decode()
    assert '<h2 id="open-title">Avoimet</h2>' in html
    assert ">Avaa</h2>" not in html
