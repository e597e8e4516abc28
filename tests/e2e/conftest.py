import threading
import time

import pytest
from axe_playwright_python.sync_playwright import Axe


@pytest.fixture(autouse=True)
def _live_server_idle_before_the_flush(request):
    """The live server is shared by the session and answers each request in a thread of its
    own. A request the browser started just before the test ended (the page closes first) may
    still hold the embedded database when the test's flush begins: SQLite then answers
    "database table is locked" and the next test starts on the old rows. Wait for those
    threads before the flush (this fixture is torn down before `live_server` and the database).
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("live_server")
    yield
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(
        "process_request_thread" in t.name for t in threading.enumerate()
    ):
        time.sleep(0.02)


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def login_as(live_server, page, client):
    """Log the browser in as a persona by handing it a session cookie made by the test client.

    A persona fixture that needs more than a bare login (how the person identified, the
    companies the bank said they represent) sets it up first on the same `client` with
    `tests.conftest.log_in`; `force_login` here keeps those session values.
    """

    def _login(user):
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
        )

    return _login


# --- Debtor personas with data --------------------------------------------------------------

NORDIC_BYTES = {"business_id": "2011367-8", "country": "FI", "name": "Nordic Bytes Oy"}


def company_choice(company: dict) -> dict:
    """A represented company as the portal keeps it in the session after a bank-ID login."""
    from accounts.identity import identity_hash

    digest = identity_hash(company["country"], "company", company["business_id"])
    return {"hash": digest, "country": company["country"], "name": company["name"]}


@pytest.fixture
def debtor_invoices(debtor):
    """Two invoices made out to the `debtor` persona: one open, one paid."""
    from decimal import Decimal

    from invoices.models import Invoice
    from invoices.services import apply_case_updates
    from tests.invoices import snapshots

    paid = {"status": "paid", "stage": "closed", "paid": Decimal("105.50"), "balance": Decimal("0")}
    apply_case_updates(
        [
            snapshots.case(501, person=0, description="Electricity, September"),
            snapshots.case(502, person=0, description="Electricity, August", **paid),
        ]
    )
    return list(Invoice.objects.filter(upstream_id__in=["FI:501", "FI:502"]).order_by("pk"))


@pytest.fixture
def invoice_holder(debtor, debtor_invoices, client):
    """The `debtor` persona with invoices, logged in with bank ID, representing one company."""
    from tests.conftest import log_in

    log_in(client, debtor, how="bankid", represented_companies=[company_choice(NORDIC_BYTES)])
    return debtor


@pytest.fixture
def company_actor(debtor, client):
    """The `debtor` persona acting for Nordic Bytes Oy (chosen after a bank-ID login)."""
    from accounts.services import ACTING_FOR_KEY
    from tests.conftest import log_in

    choice = company_choice(NORDIC_BYTES)
    log_in(client, debtor, how="bankid", represented_companies=[choice])
    session = client.session
    session[ACTING_FOR_KEY] = choice["hash"]
    session.save()
    return debtor


@pytest.fixture
def invoice_holder_invoice_path(debtor_invoices):
    from django.urls import reverse

    return reverse("invoices:detail", args=[debtor_invoices[0].myropo_id])


@pytest.fixture
def admin_invoice_path(debtor_invoices):
    """An agent's page of the open invoice: its rows, letters and the other inlines."""
    from django.urls import reverse

    return reverse("admin:invoices_invoice_change", args=[debtor_invoices[0].pk])


@pytest.fixture
def admin_find_person_path(debtor_invoices):
    """The agents' person search, with the debtor found by their identity code."""
    from django.urls import reverse

    from tests.invoices.snapshots import PEOPLE

    return reverse("admin:invoices_debtorparty_find") + f"?q={PEOPLE[0]}"


@pytest.fixture
def admin_person_path(debtor, debtor_invoices):
    """Everything of the `debtor` persona on one page: invoices, a thread, an authorization."""
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from accounts.delegation import invite_delegate
    from messaging.models import Thread

    invoice = debtor_invoices[0]
    Thread.objects.create(owner=debtor, invoice=invoice, subject="About my bill")
    invite_delegate(
        invoice,
        granted_by=debtor,
        email="helper@example.com",
        valid_until=timezone.localdate() + datetime.timedelta(days=30),
    )
    return reverse("admin:invoices_debtorparty_person", args=[invoice.debtor.pk])


@pytest.fixture
def second_page(browser, browser_context_args):
    """A page in a browser context of its own (its own cookies): a second person's browser."""
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


# --- Delegation: authorizations given and received ------------------------------------------


def _authorize(invoice, owner, email: str, *, accept_as=None, **scopes):
    """`owner` invites `email` for `invoice` for a month; `accept_as` accepts (strong identity)."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts import delegation

    until = timezone.localdate() + timedelta(days=30)
    grant, token = delegation.invite_delegate(
        invoice, granted_by=owner, email=email, valid_until=until, **scopes
    )
    if accept_as is not None:
        grant = delegation.accept_invitation(token, user=accept_as)
    return grant, token


@pytest.fixture
def helper_person(db):
    from tests.conftest import make_person

    return make_person("helper@example.com", "010190-002R")


@pytest.fixture
def given_grants(debtor, debtor_invoices, helper_person):
    """The `debtor` persona's open invoice with one authorization invited, active and revoked."""
    from accounts import delegation

    invoice = debtor_invoices[0]
    _authorize(invoice, debtor, "invited@example.com", can_pay=True)
    _authorize(
        invoice,
        debtor,
        helper_person.email,
        accept_as=helper_person,
        can_pay=True,
        can_plan=True,
        can_message=True,
    )
    ended, _ = _authorize(invoice, debtor, "former@example.com")
    delegation.revoke_grant(ended, actor=debtor)
    return invoice


@pytest.fixture
def authorize_page_path(given_grants):
    from django.urls import reverse

    return reverse("invoices:authorize", args=[given_grants.myropo_id])


@pytest.fixture
def access_page_path(debtor, given_grants, other_debtor):
    """ "Who has access": the grants `debtor` gave, and one `other_debtor` gave to `debtor`."""
    from django.urls import reverse

    from invoices.models import Invoice
    from invoices.services import apply_case_updates
    from tests.invoices import snapshots

    apply_case_updates([snapshots.case(601, person=1, description="Water, September")])
    theirs = Invoice.objects.get(upstream_id="FI:601")
    _authorize(theirs, other_debtor, debtor.email, accept_as=debtor, can_pay=True)
    return reverse("accounts:access")


@pytest.fixture
def invitation_page_path(debtor, debtor_invoices):
    """An invitation's page, as the invited person first opens it from the e-mail."""
    from django.urls import reverse

    _, token = _authorize(debtor_invoices[0], debtor, "invited@example.com", can_pay=True)
    return reverse("accounts:invitation", args=[token])


@pytest.fixture
def dispute_page_path(debtor_invoices):
    from django.urls import reverse

    return reverse("invoices:dispute", args=[debtor_invoices[0].myropo_id])


@pytest.fixture
def disputed_invoice_path(debtor, debtor_invoices):
    """The open invoice after `debtor` disputed part of it (with an attachment)."""
    from decimal import Decimal

    from django.urls import reverse

    from invoices.disputes import Upload, open_dispute

    invoice = debtor_invoices[0]
    from tests.files import png_bytes

    png = png_bytes()
    open_dispute(
        invoice,
        scope="part",
        amount=Decimal("20.00"),
        reason="The September reading is wrong.",
        uploads=[Upload("meter.png", png)],
        actor=debtor,
    )
    return reverse("invoices:detail", args=[invoice.myropo_id])


@pytest.fixture
def admin_dispute_path(disputed_invoice_path):
    from django.urls import reverse

    from invoices.models import Dispute

    return reverse("admin:invoices_dispute_resolve", args=[Dispute.objects.get().pk])


@pytest.fixture
def postpone_page_path(debtor):
    """An invoice of `debtor` that falls due in five days: its postponement offer."""
    import datetime
    from decimal import Decimal

    from django.urls import reverse

    from invoices.models import Invoice
    from invoices.services import apply_case_updates
    from tests.invoices import snapshots

    due = datetime.date.today() + datetime.timedelta(days=5)
    apply_case_updates(
        [
            snapshots.case(
                503,
                person=0,
                stage="invoice",
                collection_status="invoice_sent",
                due_date=due,
                fees=Decimal("0.00"),
                balance=Decimal("100.50"),
                description="Water, October",
            )
        ]
    )
    return reverse("invoices:postpone", args=[Invoice.objects.get(upstream_id="FI:503").myropo_id])


# --- Messages, chat and the assistant (messaging/) -----------------------------------------

ALWAYS_OPEN = "FI=1-7/00:00-24:00,SE=1-7/00:00-24:00,NO=1-7/00:00-24:00"


@pytest.fixture
def answered_thread(debtor, debtor_invoices, agent):
    """The `debtor` persona's question about their open invoice, answered by an agent."""
    from messaging import services

    thread = services.start_thread(
        owner=debtor, invoice=debtor_invoices[0], subject="Reminder fee", body="Why a fee?"
    )
    services.post_message(thread, author=agent, body="It is the statutory fee.", from_agent=True)
    return thread


@pytest.fixture
def messages_inbox_path(answered_thread):
    from django.urls import reverse

    return reverse("messaging:inbox")


@pytest.fixture
def message_new_path(debtor_invoices):
    from django.urls import reverse

    return reverse("messaging:new") + f"?invoice={debtor_invoices[0].myropo_id}"


@pytest.fixture
def message_thread_path(answered_thread):
    from django.urls import reverse

    return reverse("messaging:thread", args=[answered_thread.public_id])


@pytest.fixture
def agent_inbox_path(answered_thread):
    from django.urls import reverse

    return reverse("messaging:agent_inbox") + "?status=answered"


@pytest.fixture
def agent_thread_path(answered_thread):
    from django.urls import reverse

    return reverse("messaging:agent_thread", args=[answered_thread.public_id])


@pytest.fixture
def live_chat(debtor, settings):
    from messaging import services
    from messaging.models import Thread

    settings.MESSAGING_CHAT_HOURS = ALWAYS_OPEN
    return services.start_thread(
        owner=debtor, subject="Live chat", body="Hello?", channel=Thread.Channel.CHAT
    )


@pytest.fixture
def chat_page_path(live_chat):
    from django.urls import reverse

    return reverse("messaging:chat")


@pytest.fixture
def agent_chats_path(live_chat):
    from django.urls import reverse

    return reverse("messaging:agent_chats")


@pytest.fixture
def agent_chat_path(live_chat):
    from django.urls import reverse

    return reverse("messaging:agent_chat", args=[live_chat.public_id])


@pytest.fixture
def plan_builder_path(debtor):
    """The plan builder for a collection case of `debtor`, with proposals shown."""
    from decimal import Decimal

    from django.urls import reverse

    from invoices.models import Invoice
    from invoices.services import apply_case_updates
    from tests.invoices import snapshots

    apply_case_updates(
        [
            snapshots.case(
                504,
                person=0,
                stage="collection",
                collection_status="debt_collection",
                capital=Decimal("550.00"),
                fees=Decimal("50.00"),
                balance=Decimal("600.00"),
                description="Furniture",
            )
        ]
    )
    invoice = Invoice.objects.get(upstream_id="FI:504")
    path = reverse("payments:plan_builder", args=[invoice.myropo_id])
    return f"{path}?how=monthly&monthly=110&count=&day_of_month=25"


@pytest.fixture
def invoice_with_plan_path(debtor, plan_builder_path):
    import datetime

    from django.urls import reverse

    from invoices.models import Invoice
    from payments.plan_services import agree_payment_plan

    invoice = Invoice.objects.get(upstream_id="FI:504")
    agree_payment_plan(
        invoice,
        count=4,
        day_of_month=25,
        expected_total=None,
        actor=debtor,
        today=datetime.date.today(),
    )
    return reverse("invoices:detail", args=[invoice.myropo_id])


@pytest.fixture
def admin_bank_account_path(creditor):
    from django.urls import reverse

    return reverse("admin:invoices_creditor_bank_account", args=[creditor.pk])


@pytest.fixture
def admin_debtor_identity_path(creditor):
    from django.urls import reverse

    debtor = creditor.invoices.order_by("pk").first().debtor
    return reverse("admin:invoices_debtorparty_identity", args=[debtor.pk])
