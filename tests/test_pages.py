import pytest
from django.urls import reverse

from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def test_front_page_has_the_layout_landmarks(client):
    html = client.get("/").content.decode()
    for landmark in (
        '<a class="skip-link" href="#main">',
        "<header",
        "<nav",
        '<main id="main"',
        "<footer",
    ):
        assert landmark in html


def test_front_page_offers_logging_in_and_letter_access_in_its_body(client):
    html = client.get("/").content.decode()
    body = html[html.index('<main id="main"') :]
    assert f'<a class="button" href="{reverse("account_login")}">Log in</a>' in body
    assert f'href="{reverse("accounts:letter_access")}"' in body


def test_front_page_sends_a_logged_in_person_to_their_invoices(client, debtor):
    client.force_login(debtor)
    html = client.get("/").content.decode()
    body = html[html.index('<main id="main"') :]
    assert f'<a class="button" href="{reverse("invoices:home")}">My invoices</a>' in body
    assert reverse("account_login") not in body


def test_pages_send_a_csp_without_inline_script(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "<script>" not in response.content.decode()


def test_unknown_page_gets_the_translated_404(client):
    client.cookies["myropo_language"] = "sv"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


def test_admin_asks_anonymous_visitors_to_log_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_agent_sees_the_admin_index(client, agent):
    log_in(client, agent, how="password_totp")
    assert client.get("/admin/").status_code == 200


def test_api_schema_and_docs_are_served_without_third_party_assets(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html
