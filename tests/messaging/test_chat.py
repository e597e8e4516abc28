"""Live chat: service hours per country, the debtor and the agent writing, the transcript."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from messaging import chat
from messaging.models import Thread
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

ALWAYS = "FI=1-7/00:00-24:00,SE=1-7/00:00-24:00,NO=1-7/00:00-24:00"
UTC = datetime.UTC


def test_service_hours_follow_each_countrys_weekdays_and_time_zone(settings):
    settings.MESSAGING_CHAT_HOURS = "FI=1-5/08:00-18:00,NO=1-5/09:00-15:00"
    monday_7_30_utc = datetime.datetime(2026, 11, 23, 7, 30, tzinfo=UTC)  # 09:30 in Helsinki
    assert chat.is_open("FI", monday_7_30_utc)
    assert not chat.is_open("NO", monday_7_30_utc)  # 08:30 in Oslo is before nine
    assert not chat.is_open("NO", datetime.datetime(2026, 11, 23, 7, 59, tzinfo=UTC))
    assert chat.is_open("NO", datetime.datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    assert not chat.is_open("FI", datetime.datetime(2026, 11, 23, 16, 0, tzinfo=UTC))  # 18:00
    assert not chat.is_open("FI", datetime.datetime(2026, 11, 22, 9, 0, tzinfo=UTC))  # Sunday
    assert not chat.is_open("SE", monday_7_30_utc)  # no hours configured: closed


def test_service_hours_that_cannot_be_read_fail_clearly():
    with pytest.raises(ImproperlyConfigured):
        chat.parse_hours("FI=Mon-Fri 8-18")


def test_outside_hours_the_chat_offers_the_assistant_or_a_message(client, debtor, settings):
    settings.MESSAGING_CHAT_HOURS = "FI=1-1/00:00-00:01"
    log_in(client, debtor)
    html = client.get(reverse("messaging:chat")).content.decode()
    assert reverse("messaging:assistant") in html
    assert reverse("messaging:new") in html
    response = client.post(reverse("messaging:chat"), {"body": "Hello?"})
    assert response.status_code == 400
    assert Thread.objects.count() == 0


def test_chat_round_trip_is_saved_to_the_thread(client, debtor, agent, settings):
    settings.MESSAGING_CHAT_HOURS = ALWAYS
    log_in(client, debtor)
    assert (
        client.post(reverse("messaging:chat"), {"body": "Hello, is anyone there?"}).status_code
        == 302
    )
    thread = Thread.objects.get(channel=Thread.Channel.CHAT)

    agent_client = type(client)()
    log_in(agent_client, agent, how="password_totp")
    queue = agent_client.get(reverse("messaging:agent_chats"), headers={"HX-Request": "true"})
    assert reverse("messaging:agent_chat", args=[thread.public_id]) in queue.content.decode()
    url = reverse("messaging:agent_chat", args=[thread.public_id])
    reply = agent_client.post(url, {"body": "Yes, how can I help?"}, headers={"HX-Request": "true"})
    assert reply.status_code == 200
    assert "Yes, how can I help?" in reply.content.decode()

    log = client.get(reverse("messaging:chat_log", args=[thread.public_id]))
    assert "Yes, how can I help?" in log.content.decode()
    client.post(reverse("messaging:chat_end", args=[thread.public_id]))
    thread.refresh_from_db()
    assert thread.status == Thread.Status.CLOSED
    assert [m.body for m in thread.messages.all()] == [
        "Hello, is anyone there?",
        "Yes, how can I help?",
    ]


def test_another_debtor_cannot_poll_or_end_someone_elses_chat(
    client, debtor, other_debtor, settings
):
    from messaging import services

    thread = services.start_thread(
        owner=debtor, subject="Live chat", body="hi", channel=Thread.Channel.CHAT
    )
    log_in(client, other_debtor)
    assert client.get(reverse("messaging:chat_log", args=[thread.public_id])).status_code == 404
    assert client.post(reverse("messaging:chat_end", args=[thread.public_id])).status_code == 404
    thread.refresh_from_db()
    assert thread.status == Thread.Status.OPEN


def test_debtors_cannot_open_the_chat_console(client, debtor):
    log_in(client, debtor)
    assert client.get(reverse("messaging:agent_chats")).status_code == 403


def test_a_message_in_a_chat_the_agent_closed_is_refused_in_place(client, debtor, agent, settings):
    from messaging import services

    settings.MESSAGING_CHAT_HOURS = ALWAYS
    thread = services.start_thread(
        owner=debtor, subject="Live chat", body="hi", channel=Thread.Channel.CHAT
    )
    log_in(client, debtor)
    services.close_thread(thread, actor=agent)
    # The debtor's page still has the old chat's form; posting starts a new chat instead.
    response = client.post(
        reverse("messaging:chat"), {"body": "still there?"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert Thread.objects.filter(channel=Thread.Channel.CHAT).count() == 2
    response = client.post(reverse("messaging:chat"), {"body": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert 'id="chat-panel"' in response.content.decode()
