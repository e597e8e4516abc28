"""Every registered page, in every language, passes axe-core and has the layout landmarks;
so does every page while it shows a confirmation message."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from playwright.sync_api import expect

from tests.e2e.pages import LANGUAGES, PAGES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("entry", PAGES, ids=lambda p: p.name)
def test_page_passes_axe_in_every_language(
    entry, language, live_server, page, axe, login_as, request
):
    if entry.persona:
        login_as(request.getfixturevalue(entry.persona))
    page.context.add_cookies(
        [{"name": "myropo_language", "value": language, "url": live_server.url}]
    )
    response = page.goto(live_server.url + entry.url_path(request))
    assert response.status == entry.status
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("main").count() == 1
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def flash_cookie(*messages: Message) -> str:
    """The `messages` cookie Django's message framework sets after an action redirects."""
    return CookieStorage(HttpRequest())._encode(list(messages))


@pytest.mark.parametrize("entry", PAGES, ids=lambda p: p.name)
def test_page_with_confirmation_messages_passes_axe(
    entry, live_server, page, axe, login_as, request
):
    if entry.persona:
        login_as(request.getfixturevalue(entry.persona))
    cookie = flash_cookie(
        Message(constants.SUCCESS, "Your message was sent to customer service."),
        Message(constants.ERROR, "Maventa cannot be reached just now. Please try again soon."),
    )
    page.context.add_cookies([{"name": "messages", "value": cookie, "url": live_server.url}])
    response = page.goto(live_server.url + entry.url_path(request))
    assert response.status == entry.status
    if entry.status == 200:  # error pages have no messages
        expect(page.get_by_text("Your message was sent to customer service.")).to_be_visible()
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_message_after_ending_an_authorization_passes_axe(
    live_server, page, axe, login_as, invoice_holder, authorize_page_path
):
    login_as(invoice_holder)
    page.context.add_cookies([{"name": "myropo_language", "value": "fi", "url": live_server.url}])
    page.goto(live_server.url + authorize_page_path)
    page.get_by_role("button", name="Päätä invited@example.com").click()
    expect(page.get_by_role("status")).to_contain_text("Valtuutus päätettiin.")
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
