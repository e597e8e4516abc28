"""The login walks (DESIGN.md §5) in a real browser, against the sandbox's test bank.

First login with bank ID (and acting for a represented company), the return logins (passkey,
one-time code by e-mail), opening one invoice from a letter, and a bank ID login the portal
must refuse.
"""

import re

import httpx
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.invoices import snapshots

pytestmark = pytest.mark.django_db(transaction=True)

AINO = "Aino Virtanen"
AINO_EMAIL = "aino.virtanen@example.com"
AINO_CODE = "070986-620Y"
NORDIC_BYTES = "Nordic Bytes Oy"
CODE_IN_MAIL = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)


# --- helpers ----------------------------------------------------------------------------------


def heading(page):
    return page.get_by_role("heading", level=1)


def bank_id_login(page, live_server, person: str = AINO, *, assurance: str | None = None):
    """From the portal's login page through the test bank, until the browser is back."""
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_role("button", name="Log in with bank ID").click()
    expect(heading(page)).to_have_text("Identify yourself")
    if assurance:
        page.get_by_label("Assurance level").select_option(assurance)
    page.get_by_role("button", name=f"Log in as {person}").click()
    page.wait_for_url(f"{live_server.url}/**")


def choose(page, whose: str):
    """On "Whose invoices?": act for `whose` (a company's name, or "Myself")."""
    expect(heading(page)).to_have_text("Whose invoices?")
    page.get_by_label(whose).check()
    page.get_by_role("button", name="Continue").click()
    if whose.startswith("Myself"):
        expect(heading(page)).to_have_text("My invoices")
    else:  # the page names the company, and so does the banner on every page
        expect(heading(page)).to_have_text(f"Invoices of {whose}")
        expect(page.get_by_role("banner")).to_contain_text(f"You are acting for {whose}.")


def open_invoice_rows(page):
    return page.get_by_role("table", name="Open invoices").locator("tbody tr")


def assurance_shown(page, live_server) -> str:
    page.goto(live_server.url + reverse("accounts:security"))
    facts = page.locator("dl.facts")
    return facts.locator("dt:text-is('Identification in this session') + dd").inner_text()


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    main_navigation = page.get_by_role("navigation", name="Main")
    expect(main_navigation.get_by_role("link", name="Log in")).to_be_visible()


def add_case(jobid: int, debtor, description: str):
    from invoices.models import Invoice
    from invoices.services import apply_case_updates

    apply_case_updates([snapshots.case(jobid, debtor=debtor, description=description)])
    return Invoice.objects.get(upstream_id=f"FI:{jobid}")


def aino_in_person():
    return snapshots.debtor(1, name=AINO, identity_code=AINO_CODE)


def nordic_bytes():
    return snapshots.debtor(
        2, kind="company", name=NORDIC_BYTES, identity_code="2011367-8", country="FI"
    )


# --- first login with bank ID ---------------------------------------------------------------


def test_first_bank_id_login_creates_the_account_then_asks_whose(live_server, page, sandbox):
    from django.db import connection

    from accounts.identity import identity_hash
    from accounts.models import Identity, User

    assert not User.objects.exists()
    bank_id_login(page, live_server)

    expect(page).to_have_url(live_server.url + reverse("accounts:choose_company"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("group", name="Act for").get_by_role("radio")).to_have_count(3)
    choose(page, f"Myself ({AINO})")
    expect(page).to_have_url(live_server.url + reverse("invoices:home"))
    expect(page.get_by_text("You have no open invoices.")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    user = User.objects.get()
    assert user.email == AINO_EMAIL
    assert user.full_name == AINO
    identity = Identity.objects.get(user=user)
    assert (identity.country, identity.identity_code) == ("FI", AINO_CODE)
    assert identity.identity_hash == identity_hash("FI", "person", AINO_CODE)
    with connection.cursor() as cursor:  # stored encrypted, never in clear
        cursor.execute(f"SELECT identity_code FROM {Identity._meta.db_table}")  # noqa: S608
        assert AINO_CODE not in str(cursor.fetchone()[0])


def test_a_company_representative_sees_the_company_or_her_own_invoices(live_server, page, sandbox):
    company_invoice = add_case(701, nordic_bytes(), "Server hosting")
    own_invoice = add_case(702, aino_in_person(), "Home electricity")

    bank_id_login(page, live_server)
    choose(page, NORDIC_BYTES)
    expect(open_invoice_rows(page)).to_have_count(1)
    expect(open_invoice_rows(page)).to_contain_text("Server hosting")
    # Her own invoice is not there for the company, not even by its address.
    response = page.goto(live_server.url + reverse("invoices:detail", args=[own_invoice.myropo_id]))
    assert response.status == 404

    page.goto(live_server.url + reverse("invoices:home"))
    page.get_by_role("link", name="Whose invoices?").click()
    choose(page, f"Myself ({AINO})")
    expect(open_invoice_rows(page)).to_have_count(1)
    expect(open_invoice_rows(page)).to_contain_text("Home electricity")
    response = page.goto(
        live_server.url + reverse("invoices:detail", args=[company_invoice.myropo_id])
    )
    assert response.status == 404


def test_low_assurance_chosen_at_the_bank_is_refused(live_server, page, sandbox):
    from accounts.models import User

    bank_id_login(page, live_server, assurance="low")
    expect(heading(page)).to_have_text("Login did not succeed")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)

    page.goto(live_server.url + reverse("invoices:home"))
    expect(heading(page)).to_have_text("Log in")
    assert not User.objects.exists()


@pytest.fixture
def low_acr_in_id_tokens(sandbox):
    """The test bank signs `acr: low` into every ID token, whatever the person chose."""
    response = httpx.post(f"{sandbox.url}/idp/faults", json={"acr": "low"}, timeout=10)
    assert response.status_code == 200, response.text
    yield
    httpx.delete(f"{sandbox.url}/idp/faults", timeout=10).raise_for_status()


def test_a_low_acr_in_the_id_token_is_refused(live_server, page, low_acr_in_id_tokens):
    from accounts.models import User

    bank_id_login(page, live_server)  # "substantial" on the page, "low" in the token
    expect(heading(page)).to_have_text("Login did not succeed")
    page.goto(live_server.url + reverse("invoices:home"))
    expect(heading(page)).to_have_text("Log in")
    assert not User.objects.exists()


# --- return logins --------------------------------------------------------------------------


def add_virtual_authenticator(page) -> tuple:
    """A platform authenticator that holds passkeys and verifies its user (Chromium's CDP)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
    }
    created = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})
    return cdp, created["authenticatorId"]


def add_passkey_link(page):
    """allauth's two-factor page: "Add" in its "Security Keys" section."""
    keys = page.locator("section", has=page.get_by_role("heading", name="Security Keys"))
    return keys.get_by_role("link", name="Add")


def test_a_passkey_made_after_a_bank_id_login_logs_in_strongly(
    live_server, page, sandbox, mailoutbox
):
    from allauth.mfa.models import Authenticator

    bank_id_login(page, live_server)
    choose(page, f"Myself ({AINO})")

    cdp, authenticator_id = add_virtual_authenticator(page)
    page.goto(live_server.url + reverse("accounts:security"))
    page.get_by_role("link", name="Passkeys").click()
    add_passkey_link(page).click()
    expect(page).to_have_url(live_server.url + reverse("mfa_add_webauthn"))
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Security key added.")).to_be_visible()

    passkey = Authenticator.objects.get(type=Authenticator.Type.WEBAUTHN)
    assert passkey.user.email == AINO_EMAIL
    assert passkey.wrap().is_passwordless is True
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert [c["isResidentCredential"] for c in credentials["credentials"]] == [True]

    log_out(page)
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_role("button", name="Log in with a passkey").click()
    expect(heading(page)).to_have_text("My invoices")
    assert assurance_shown(page, live_server) == "strong (bank ID or passkey)"


def test_log_in_with_a_passkey_without_one_says_so(live_server, page):
    add_virtual_authenticator(page)  # a device that holds no passkey for the portal
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_role("button", name="Log in with a passkey").click()
    expect(page.get_by_role("alert")).to_contain_text("No passkey was used.")
    expect(heading(page)).to_have_text("Log in")


def test_a_bank_id_user_can_add_a_passkey_straight_away(live_server, page, client, login_as):
    from allauth.account.models import EmailAddress

    from tests.conftest import log_in, make_person

    # As the first bank-ID login leaves it: the bank's address, primary and unverified.
    user = make_person(AINO_EMAIL, AINO_CODE)
    EmailAddress.objects.create(user=user, email=AINO_EMAIL, primary=True, verified=False)
    log_in(client, user, how="bankid")
    login_as(user)

    page.goto(live_server.url + reverse("accounts:security"))
    page.get_by_role("link", name="Passkeys").click()
    with page.expect_navigation():
        add_passkey_link(page).click()
    assert page.url == live_server.url + reverse("mfa_add_webauthn")
    expect(heading(page)).to_have_text("Add Security Key")


@pytest.fixture
def debtor_with_email(debtor, debtor_invoices):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=debtor, email=debtor.email, primary=True, verified=True)
    return debtor


def request_code(page, live_server, email: str, mailoutbox) -> str:
    sent = len(mailoutbox)
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_role("link", name="Send me a one-time code by e-mail").click()
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Request Code").click()
    expect(page.get_by_label("Code")).to_be_visible()
    assert len(mailoutbox) == sent + 1
    assert mailoutbox[-1].to == [email]
    return CODE_IN_MAIL.search(mailoutbox[-1].body).group(1)


def enter_code(page, code: str):
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()


def test_a_one_time_code_by_e_mail_logs_in_once(
    live_server, page, debtor_with_email, debtor_invoices, mailoutbox
):
    first = request_code(page, live_server, debtor_with_email.email, mailoutbox)
    enter_code(page, first)
    expect(heading(page)).to_have_text("My invoices")
    expect(open_invoice_rows(page)).to_contain_text(debtor_invoices[0].description)
    assert assurance_shown(page, live_server) == "one-time code by e-mail"

    log_out(page)
    second = request_code(page, live_server, debtor_with_email.email, mailoutbox)
    assert second != first
    enter_code(page, first)  # the code from the first mail, again
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    enter_code(page, second)
    expect(heading(page)).to_have_text("My invoices")


# --- a letter, no login ---------------------------------------------------------------------


def test_a_letter_opens_its_invoice_with_the_postal_code(live_server, page):
    invoice = add_case(801, snapshots.debtor(3, postal_code="00530"), "Water, October")

    page.goto(live_server.url + reverse("account_login"))
    page.get_by_role(
        "link", name="Open one invoice with the MyRopo ID printed on your letter"
    ).click()
    expect(heading(page)).to_have_text("Open an invoice from a letter")

    page.get_by_label("MyRopo ID").fill(invoice.display_myropo_id)
    page.get_by_label("Postal code or reference number").fill("00100")  # not this letter's
    page.get_by_role("button", name="Open the invoice").click()
    expect(page.get_by_role("alert")).to_have_text(
        "We could not open an invoice with these details. Check them and try again."
    )
    expect(page.get_by_text("Water, October")).to_have_count(0)
    # Not opened: the invoice link asks a logged-out visitor to log in.
    page.goto(live_server.url + reverse("invoices:detail", args=[invoice.myropo_id]))
    assert page.url.startswith(live_server.url + reverse("account_login"))
    expect(page.get_by_text("Water, October")).to_have_count(0)

    page.goto(live_server.url + reverse("accounts:letter_access"))
    page.get_by_label("MyRopo ID").fill(invoice.display_myropo_id)
    page.get_by_label("Postal code or reference number").fill("00530")
    page.get_by_role("button", name="Open the invoice").click()
    expect(heading(page)).to_have_text("Lumo Energia Oy: Water, October")
    expect(page.get_by_text(invoice.display_myropo_id)).to_be_visible()
