"""Bank-ID login against the sandbox's OpenID Connect provider, over real HTTP.

The portal side runs in Django's test client (as http://localhost); the provider's test bank
is walked with httpx, as a browser would.
"""

import re
from urllib.parse import parse_qs, urljoin, urlparse

import httpx
import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from accounts.models import Identity, User

pytestmark = pytest.mark.django_db

AINO = "FI:070986-620Y"
PORTAL = "http://localhost"


@pytest.fixture
def faults(sandbox, web):
    def set_faults(**knobs):
        web.post(f"{sandbox.url}/idp/faults", json=knobs).raise_for_status()

    yield set_faults
    web.delete(f"{sandbox.url}/idp/faults")


def start_login(portal: Client) -> str:
    response = portal.post("/accounts/oidc/bankid/login/")
    assert response.status_code == 302
    return response["Location"]


def walk_test_bank(web: httpx.Client, authorize_url: str, *, person=AINO, acr="substantial"):
    """Authorize at the provider as `person`; returns the portal callback URL it sends us to."""
    login_url = urljoin(authorize_url, web.get(authorize_url).headers["location"])
    page = web.get(login_url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    next_url = parse_qs(urlparse(login_url).query)["next"][0]
    form = {"csrfmiddlewaretoken": token, "next": next_url, "acr": acr, "person": person}
    response = web.post(login_url, data=form)
    while not response.headers["location"].startswith(PORTAL):
        response = web.get(urljoin(str(response.url), response.headers["location"]))
    return response.headers["location"]


def bank_id_login(portal: Client, web: httpx.Client, **kwargs):
    callback = walk_test_bank(web, start_login(portal), **kwargs)
    parts = urlparse(callback)
    return portal.get(f"{parts.path}?{parts.query}")


def logged_in_user(portal: Client) -> User | None:
    user_id = portal.session.get("_auth_user_id")
    return User.objects.filter(pk=user_id).first() if user_id else None


def test_first_login_creates_the_user_with_the_identity_encrypted(portal, web):
    response = bank_id_login(portal, web)
    assert response.status_code == 302
    user = logged_in_user(portal)
    assert user is not None and user.full_name == "Aino Virtanen"
    identity = Identity.objects.get(user=user)
    assert identity.identity_code == "070986-620Y"
    account = SocialAccount.objects.get(user=user, provider="bankid")
    assert "070986-620Y" not in str(account.extra_data)
    # She represents companies, so she is asked whose invoices to see.
    assert response["Location"] == "/account/company/"
    assert portal.get("/account/company/").status_code == 200


def test_the_session_is_strong_after_bank_id(portal, web):
    bank_id_login(portal, web)
    page = portal.get("/account/").content.decode()
    assert "strong (bank ID or passkey)" in page


def test_logging_in_again_finds_the_same_user(portal, web):
    bank_id_login(portal, web)
    first = logged_in_user(portal)
    portal.post("/accounts/logout/")
    bank_id_login(portal, web)
    assert logged_in_user(portal) == first
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    "knobs",
    [
        {"audience": "someone-else"},
        {"issuer": "http://evil.example/idp"},
        {"nonce": "wrong-nonce"},
        {"acr": "low"},
        {"expired": True},
        {"sign_with_other_key": True},
    ],
    ids=["audience", "issuer", "nonce", "low-acr", "expired", "other-key"],
)
def test_a_tampered_id_token_is_refused(portal, web, faults, knobs):
    faults(**knobs)
    response = bank_id_login(portal, web)
    assert logged_in_user(portal) is None
    assert User.objects.count() == 0
    assert response.status_code == 401
    assert Identity.objects.count() == 0


def test_low_assurance_chosen_at_the_bank_is_refused(portal, web):
    bank_id_login(portal, web, acr="low")
    assert logged_in_user(portal) is None


def test_a_callback_with_a_forged_state_is_refused(portal, web):
    callback = walk_test_bank(web, start_login(portal))
    parts = urlparse(callback)
    query = parse_qs(parts.query)
    portal.get(parts.path, {"code": query["code"][0], "state": "forged-state"})
    assert logged_in_user(portal) is None


def test_the_same_email_from_another_subject_never_logs_into_an_existing_user(portal, web):
    owner = User.objects.create_user(email="aino.virtanen@example.com", password="x" * 16)
    bank_id_login(portal, web)
    user = logged_in_user(portal)
    assert user is None or user.pk != owner.pk
    assert not SocialAccount.objects.filter(user=owner).exists()


def test_an_identity_already_linked_to_another_user_is_refused(portal, web):
    from accounts.services import link_strong_identity

    holder = User.objects.create_user(email="holder@example.com")
    link_strong_identity(holder, country="FI", code="070986-620Y")
    response = bank_id_login(portal, web)
    assert response.status_code == 403
    assert logged_in_user(portal) is None
