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
    page.goto(live_server.url + "/accounts/login/")
    assert violations == []


def test_invoice_list_shows_every_amount_and_due_date_at_320_px(
    live_server, page, login_as, invoice_holder
):
    page.set_viewport_size({"width": 320, "height": 640})
    login_as(invoice_holder)
    page.goto(live_server.url + "/invoices/")
    rows = page.locator(".invoice-table tbody tr")
    assert rows.count() >= 2
    for index in range(rows.count()):
        row = rows.nth(index)
        for cell in (row.locator("td.amount"), row.locator("td").nth(3)):
            expect(cell).to_be_visible()
            box = cell.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box


def test_invoice_list_link_text_names_each_invoice_not_the_creditor(
    live_server, page, login_as, invoice_holder
):
    login_as(invoice_holder)
    page.goto(live_server.url + "/invoices/")
    links = page.locator(".invoice-table tbody a").all_inner_texts()
    assert len(links) >= 2
    assert len(set(links)) == len(links), links
