"""Every e-mail goes out in the recipient's language, whoever's action sent it."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone, translation

from accounts import delegation
from invoices.models import Invoice
from invoices.services import apply_case_updates
from messaging.notifications import notify
from payments.services import set_refund_account
from tests.conftest import make_person
from tests.invoices import snapshots

pytestmark = pytest.mark.django_db

TEMPLATES = sorted(
    path.name.removesuffix("_subject.txt")
    for path in (Path(settings.BASE_DIR) / "templates" / "email").glob("*_subject.txt")
)
CONTEXT = {
    "creditor": "Revontuli Energia Oy",
    "delegate": "helper@example.com",
    "inviter": "Maija Meikäläinen",
    "link": "https://myropo.example/invitations/x/",
    "myropo_id": "MR-ABCD-EFGH",
    "name": "Maija",
    "path": "/invoices/x/",
    "url": "https://myropo.example/invoices/x/",
    "due": datetime.date(2026, 12, 3),
}
GREETING = {"en": "Hello", "fi": "Hei", "sv": "Hej", "nb": "Hei"}


def sent(mailoutbox, to: str):
    return [m for m in mailoutbox if m.to == [to]]


def log_in_with_code(client, mailoutbox, user, language: str) -> None:
    """The real e-mail code login, from a browser set to `language`."""
    client.cookies["myropo_language"] = language
    client.post("/accounts/login/code/", {"email": user.email})
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mailoutbox[-1].body, re.M).group(1)
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert response.status_code == 302, response.content.decode()[:500]
    mailoutbox.clear()


@pytest.mark.parametrize("language", ["fi", "sv", "nb"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_portal_e_mail_is_written_in_the_recipients_language(
    template, language, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(to="en@example.com", template=template, context=CONTEXT, language="en")
        notify(to="them@example.com", template=template, context=CONTEXT, language=language)

    (english,) = sent(mailoutbox, "en@example.com")
    (theirs,) = sent(mailoutbox, "them@example.com")
    assert theirs.subject != english.subject
    assert theirs.body.startswith(GREETING[language])
    assert not theirs.body.startswith("Hello")


def test_a_code_login_remembers_the_language_of_the_page(client, debtor, mailoutbox):
    log_in_with_code(client, mailoutbox, debtor, "fi")

    debtor.refresh_from_db()
    assert debtor.language == "fi"


def test_switching_the_language_remembers_it_for_the_person(client, debtor, mailoutbox):
    log_in_with_code(client, mailoutbox, debtor, "fi")

    client.post("/i18n/setlang/", {"language": "sv", "next": "/invoices/"})

    debtor.refresh_from_db()
    assert debtor.language == "sv"


def test_the_login_code_e_mail_is_signed_by_myropo_with_the_portals_address(
    client, debtor, mailoutbox, settings
):
    settings.PORTAL_BASE_URL = "https://oma.ropo.example"

    client.post("/accounts/login/code/", {"email": debtor.email}, HTTP_HOST="localhost")

    (mail,) = mailoutbox
    assert "Hello from MyRopo!" in mail.body
    assert "Thank you for using MyRopo!\noma.ropo.example" in mail.body
    assert "localhost" not in mail.body


def test_security_e_mails_to_a_finnish_person_are_finnish_whoever_acted(
    client, debtor, mailoutbox, django_capture_on_commit_callbacks
):
    log_in_with_code(client, mailoutbox, debtor, "fi")
    debtor.refresh_from_db()
    apply_case_updates([snapshots.case(901, person=0)])
    invoice = Invoice.objects.get(upstream_id="FI:901")
    helper = make_person("helper@example.com", "010190-002R")
    until = timezone.localdate() + datetime.timedelta(days=30)

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        _, token = delegation.invite_delegate(
            invoice, granted_by=debtor, email=helper.email, valid_until=until
        )
        delegation.accept_invitation(token, user=helper)  # the helper acts, in English
        set_refund_account(
            debtor, iban="FI2112345600000785", bic="NDEAFIHH", holder="Maija Meikäläinen"
        )

    mails = sent(mailoutbox, debtor.email)
    assert len(mails) == 3  # authorization created, accepted, refund account changed
    for mail in mails:
        assert mail.body.startswith("Hei"), mail.body
