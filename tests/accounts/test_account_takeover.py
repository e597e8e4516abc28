"""A bank ID can never be attached to someone else's account (issue 18, finding 1).

End to end against the sandbox's test bank: the victim's weaker session cannot start
connecting a bank ID, a connected bank ID of another person never replaces the account's
identity, and the represented companies come from the bank ID used for this very login.
"""

import re
from urllib.parse import urlparse

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.test import Client

from accounts.models import Identity, User
from tests.accounts.test_bankid import bank_id_login, logged_in_user, walk_test_bank

pytestmark = pytest.mark.django_db

AINO = "FI:070986-620Y"
ATTACKER = "FI:131052-308T"
CONNECT = "/accounts/oidc/bankid/login/?process=connect"


def code_login(portal: Client, email: str) -> None:
    """Log in with a one-time code mailed to `email` (the weaker `code` level)."""
    portal.post("/accounts/login/code/", {"email": email})
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.M).group(1)
    portal.post("/accounts/login/code/confirm/", {"code": code})
    assert logged_in_user(portal) is not None


def finish_at_portal(portal: Client, callback: str):
    parts = urlparse(callback)
    return portal.get(f"{parts.path}?{parts.query}")


def test_an_email_code_session_cannot_start_connecting_a_bank_id(portal, web):
    bank_id_login(portal, web, person=AINO)
    victim = logged_in_user(portal)
    portal.post("/accounts/logout/")
    code_login(portal, victim.email)

    response = portal.post(CONNECT)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/step-up/")


def test_a_bank_id_of_another_person_never_becomes_the_accounts_identity(portal, web):
    bank_id_login(portal, web, person=AINO)
    victim = logged_in_user(portal)
    # Even with a fresh strong session, connecting someone else's bank ID is refused ...
    start = portal.post(CONNECT)
    assert start.status_code == 302
    finish_at_portal(portal, walk_test_bank(web, start["Location"], person=ATTACKER))
    assert SocialAccount.objects.filter(user=victim).count() == 1
    portal.post("/accounts/logout/")

    # ... and logging in with it opens no one's account but the attacker's own.
    bank_id_login(portal, web, person=ATTACKER)
    assert logged_in_user(portal) != victim
    identity = Identity.objects.get(user=victim)
    assert identity.identity_code == "070986-620Y"


def test_a_bank_id_linked_to_an_account_with_another_identity_is_refused(portal, web):
    from accounts.services import IdentityConflict, link_strong_identity

    victim = User.objects.create_user(email="victim@example.com")
    link_strong_identity(victim, country="FI", code="070986-620Y")
    with pytest.raises(IdentityConflict):
        link_strong_identity(victim, country="FI", code="131052-308T")
    assert Identity.objects.get(user=victim).identity_code == "070986-620Y"


def test_represented_companies_come_from_the_bank_id_used_for_this_login(portal, web):
    bank_id_login(portal, web, person=AINO)
    aino = logged_in_user(portal)
    own = SocialAccount.objects.get(user=aino)
    own.delete()
    # An older connection on the same account (with other companies) comes first in the table.
    SocialAccount.objects.create(
        user=aino,
        provider="bankid",
        uid="older-connection",
        extra_data={
            "id_token": {
                "represented_companies": [
                    {"country": "FI", "business_id": "2206897-0", "name": "Not hers Oy"}
                ]
            }
        },
    )
    SocialAccount.objects.create(
        user=aino, provider="bankid", uid=own.uid, extra_data=own.extra_data
    )
    portal.post("/accounts/logout/")

    bank_id_login(portal, web, person=AINO)

    assert logged_in_user(portal) == aino
    names = {c["name"] for c in portal.session["represented_companies"]}
    assert "Not hers Oy" not in names
    assert names
