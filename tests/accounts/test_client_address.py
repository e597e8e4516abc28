"""One client-address rule for every limiter, behind a simulated proxy (TRUSTED_PROXY_COUNT)."""

import pytest
from allauth.account.adapter import get_adapter
from django.test import Client, RequestFactory

from accounts.security import client_ip, client_key
from invoices.models import Invoice
from invoices.services import apply_case_updates
from tests.invoices.snapshots import case

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # every request reaches the portal from the one proxy


def behind_proxy(client_address: str, spoofed: str = "") -> Client:
    """A browser at `client_address`; our proxy appends it to X-Forwarded-For."""
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def attempt(client, myropo_id, fact):
    return client.post("/letter/", {"myropo_id": myropo_id, "postal_code_or_reference": fact})


@pytest.fixture
def invoice():
    apply_case_updates([case(1)])
    return Invoice.objects.get()


def test_behind_one_proxy_strangers_do_not_share_one_budget(settings, invoice):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(31):
        stranger = behind_proxy(f"203.0.113.{number + 1}")
        assert attempt(stranger, invoice.myropo_id, "11111").status_code == 400
    holder = behind_proxy("198.51.100.7")
    assert attempt(holder, invoice.myropo_id, "00100").status_code == 302


def test_a_forged_forwarded_for_does_not_buy_a_fresh_budget(settings, invoice):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        # The attacker writes a new address of their own in front each time.
        forger = behind_proxy("203.0.113.66", spoofed=f"192.0.2.{number}")
        assert attempt(forger, invoice.myropo_id, "11111").status_code == 400
    forger = behind_proxy("203.0.113.66", spoofed="192.0.2.200")
    assert attempt(forger, invoice.myropo_id, "00100").status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "198.51.100.1"


def test_two_proxies_take_the_address_the_outer_one_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9, 10.0.0.1"
    )
    assert client_ip(request) == "198.51.100.9"


def test_a_short_header_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert client_ip(request) == PROXY


def test_a_trusted_header_wins_and_garbage_falls_back(settings):
    settings.TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    factory = RequestFactory()
    assert client_ip(factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.3")) == (
        "198.51.100.3"
    )
    assert client_ip(factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="<script>")) == PROXY


def test_one_ipv6_network_is_one_client(settings):
    factory = RequestFactory()
    one = factory.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    two = factory.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    other = factory.get("/", REMOTE_ADDR="2001:db8:1:3::1")
    assert client_key(one) == client_key(two) != client_key(other)


def test_allauth_limits_use_the_same_rule(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.4"
    )
    assert get_adapter(request).get_client_ip(request) == "198.51.100.4"
