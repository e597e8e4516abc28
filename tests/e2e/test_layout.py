import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_language_switcher_changes_the_page_language(live_server, page):
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("Your invoices in one place")
    page.get_by_label("Language").select_option("fi")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.locator("h1")).to_have_text("Kaikki laskusi yhdessä paikassa")
    # The choice sticks on the next page load.
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")


def test_skip_link_moves_focus_to_the_main_content(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_pages_run_no_inline_script_under_the_csp(live_server, page):
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security" in msg.text else None,
    )
    response = page.goto(live_server.url + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto(live_server.url + "/admin/login/")
    assert violations == []
