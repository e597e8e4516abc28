"""Authorizing someone for one invoice, in real browsers: invite, accept, act, revoke.

The owner (Aino) and the delegate each have a browser of their own (separate cookies), both
log in with bank ID at the sandbox's test bank, and the invitation link travels by e-mail.
"""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.test_login import AINO, AINO_CODE, add_case, bank_id_login, choose, heading
from tests.invoices import snapshots

pytestmark = pytest.mark.django_db(transaction=True)

DELEGATE = "Liisa Nieminen"  # a seeded test-bank person with no companies
DELEGATE_EMAIL = "liisa.nieminen@example.com"
LETTER_PDF = b"%PDF-1.7 delegation test letter"
INVITATION_PATH = re.compile(r"/invitations/[^/\s]+/")


def grant_row(page, email: str):
    return page.get_by_role("row").filter(has_text=email)


def at_the_test_bank(page, live_server, person: str):
    """On the test bank's page: log in as `person` and wait until the portal has the browser."""
    expect(heading(page)).to_have_text("Identify yourself")
    page.get_by_role("button", name=f"Log in as {person}").click()
    page.wait_for_url(f"{live_server.url}/**")


def invitation_path(mailoutbox, email: str) -> str:
    invited = [m for m in mailoutbox if m.to == [email]]
    assert len(invited) == 1, [m.to for m in mailoutbox]
    return INVITATION_PATH.search(invited[0].body).group(0)


def test_invite_accept_act_and_revoke(live_server, page, second_page, sandbox, mailoutbox):
    from accounts.models import DelegationGrant

    invoice = add_case(
        901, snapshots.debtor(1, name=AINO, identity_code=AINO_CODE), "Home electricity"
    )
    letter = invoice.letters.order_by("sent_on", "pk").first()
    letter.pdf.save(f"{letter.public_id}.pdf", ContentFile(LETTER_PDF), save=True)
    detail_url = live_server.url + reverse("invoices:detail", args=[invoice.myropo_id])
    until = datetime.date.today() + datetime.timedelta(days=30)

    # 1. The owner logs in with bank ID and invites someone for this invoice.
    owner = page
    bank_id_login(owner, live_server)
    choose(owner, f"Myself ({AINO})")
    owner.get_by_role("table", name="Open invoices").get_by_role("link").click()
    expect(owner).to_have_url(detail_url)
    owner.get_by_role("link", name="Authorize someone for this invoice").click()
    expect(heading(owner)).to_have_text("Authorize someone for this invoice")
    owner.get_by_label("Their e-mail address").fill(DELEGATE_EMAIL)
    owner.get_by_label("May pay the invoice").check()
    owner.get_by_label("Until").fill(until.isoformat())
    owner.get_by_role("button", name="Send the invitation").click()
    expect(owner.get_by_text("The invitation was sent.")).to_be_visible()
    expect(grant_row(owner, DELEGATE_EMAIL)).to_contain_text("Invited")
    expect(grant_row(owner, DELEGATE_EMAIL)).to_contain_text("see, pay")

    # 2. The delegate opens the link from the e-mail, identifies with bank ID and accepts.
    delegate = second_page
    delegate.goto(live_server.url + invitation_path(mailoutbox, DELEGATE_EMAIL))
    expect(heading(delegate)).to_have_text("Accept the authorization")
    expect(delegate.get_by_text(f"{AINO} has authorized you")).to_be_visible()
    delegate.get_by_role("button", name="Identify with bank ID").click()
    at_the_test_bank(delegate, live_server, DELEGATE)
    expect(heading(delegate)).to_have_text("Accept the authorization")
    delegate.get_by_role("button", name="Accept").click()
    expect(delegate).to_have_url(detail_url)
    expect(
        delegate.get_by_text(f"You are handling this invoice on behalf of {AINO}.")
    ).to_be_visible()
    expect(heading(delegate)).to_have_text("Lumo Energia Oy: Home electricity")
    expect(delegate.get_by_role("link", name="Authorize someone for this invoice")).to_have_count(0)
    pdf_link = delegate.get_by_role("link", name=re.compile(r"\(PDF\)$")).first
    response = delegate.context.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body() == LETTER_PDF

    grant = DelegationGrant.objects.get()
    assert grant.status == DelegationGrant.Status.ACTIVE
    assert grant.delegate.email == DELEGATE_EMAIL

    # 3. The owner sees who has access, and ends it.
    owner.get_by_role("link", name="Login and security").click()
    owner.get_by_role("link", name="Who has access to my invoices").click()
    expect(heading(owner)).to_have_text("Who has access to my invoices")
    expect(grant_row(owner, DELEGATE_EMAIL)).to_contain_text("Active")
    grant_row(owner, DELEGATE_EMAIL).get_by_role("button", name="End").click()
    expect(owner.get_by_text("The authorization was ended.")).to_be_visible()
    expect(grant_row(owner, DELEGATE_EMAIL)).to_contain_text("Revoked")
    expect(grant_row(owner, DELEGATE_EMAIL).get_by_role("button", name="End")).to_have_count(0)
    owner.goto(live_server.url + reverse("accounts:access"))
    expect(grant_row(owner, DELEGATE_EMAIL)).to_contain_text("Revoked")

    # 4. The delegate's open session loses the invoice at once.
    response = delegate.reload()
    assert response.status == 404
    expect(heading(delegate)).to_have_text("Page not found")
    expect(delegate.get_by_text("Home electricity")).to_have_count(0)
