"""Live chat in two real browsers: a debtor writes, an agent answers from the console, each
sees the other's message within two seconds, and the transcript is saved to the thread."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import log_in
from tests.e2e.conftest import ALWAYS_OPEN

pytestmark = pytest.mark.django_db(transaction=True)
WITHIN = 2000  # milliseconds


def test_debtor_and_agent_chat_and_the_transcript_is_kept(
    live_server, page, second_page, login_as, client, debtor, agent, settings
):
    from messaging.models import Thread

    settings.MESSAGING_CHAT_HOURS = ALWAYS_OPEN
    log_in(client, debtor, how="bankid")
    login_as(debtor)
    agent_client = log_in(Client(), agent, how="password_totp")
    second_page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": agent_client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )

    # The debtor opens the chat from the help links on any page and writes.
    page.goto(live_server.url + reverse("invoices:home"))
    page.get_by_role("link", name="Chat with customer service").click()
    page.get_by_label("Your message").fill("Hello, can I get more time?")
    page.get_by_role("button", name="Send").click()
    chat_log = page.get_by_role("list", name="Chat messages")
    expect(chat_log).to_contain_text("Hello, can I get more time?")

    # The agent sees the chat in the queue and answers.
    agent_page = second_page
    agent_page.goto(live_server.url + reverse("messaging:agent_chats"))
    agent_page.get_by_role("link", name=debtor.get_full_name()).click()
    agent_log = agent_page.get_by_role("list", name="Chat messages")
    expect(agent_log).to_contain_text("Hello, can I get more time?")
    agent_page.get_by_label("Your message").fill("Yes: open the invoice and choose Postpone.")
    agent_page.get_by_role("button", name="Send").click()

    # Each sees the other's message within two seconds, without reloading.
    expect(chat_log).to_contain_text("choose Postpone", timeout=WITHIN)
    page.get_by_label("Your message").fill("Thank you!")
    page.get_by_role("button", name="Send").click()
    expect(agent_log).to_contain_text("Thank you!", timeout=WITHIN)

    # The debtor ends the chat; the transcript is a conversation in their messages.
    page.get_by_role("button", name="End the chat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Live chat")
    thread = Thread.objects.get(channel=Thread.Channel.CHAT)
    assert thread.status == Thread.Status.CLOSED
    assert [m.body for m in thread.messages.all()] == [
        "Hello, can I get more time?",
        "Yes: open the invoice and choose Postpone.",
        "Thank you!",
    ]
