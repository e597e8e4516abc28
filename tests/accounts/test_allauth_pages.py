"""allauth's pages (code login, passkeys) in the portal's look and the person's language."""

import json
import re

import pytest

from tests.conftest import log_in

pytestmark = pytest.mark.django_db

PASSKEY_NAME = {"fi": "Pääsyavaimen nimi", "sv": "Nyckelns namn", "nb": "Navn på passnøkkelen"}


def test_the_code_login_form_is_drawn_like_the_portals_own_forms(client):
    client.cookies["myropo_language"] = "fi"

    html = client.get("/accounts/login/code/").content.decode()

    assert '<form method="post" class="card stack"' in html
    assert '<div class="field">' in html
    assert re.search(r'<button class="button" type="submit">\s*Pyydä koodi', html)


def test_the_code_confirmation_form_is_drawn_like_the_portals_own_forms(client, debtor):
    client.cookies["myropo_language"] = "fi"
    client.post("/accounts/login/code/", {"email": debtor.email})

    html = client.get("/accounts/login/code/confirm/").content.decode()

    assert '<form method="post" class="card stack"' in html
    assert '<label for="id_code">Koodi</label>' in html


@pytest.mark.parametrize("language", ["fi", "sv", "nb"])
def test_adding_a_passkey_names_its_field_in_the_persons_language(client, debtor, language):
    log_in(client, debtor, how="bankid")
    client.cookies["myropo_language"] = language

    html = client.get("/accounts/2fa/webauthn/add/").content.decode()

    assert f">{PASSKEY_NAME[language]}</label>" in html
    assert ">Name<" not in html and "Name:" not in html


def test_the_passkey_dialog_names_myropo_not_the_host(client, debtor):
    log_in(client, debtor, how="bankid")

    html = client.get("/accounts/2fa/webauthn/add/").content.decode()

    data = json.loads(re.search(r'<script[^>]*id="js_data"[^>]*>(.*?)</script>', html, re.S)[1])
    assert data["creation_options"]["publicKey"]["rp"]["name"] == "MyRopo"
