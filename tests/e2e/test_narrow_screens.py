"""At 320 CSS pixels (a small phone, or 200 % zoom of a 640 px window) no page scrolls sideways."""

import pytest

from tests.e2e.pages import PAGES

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 320, "height": 640}

# The elements that reach past the viewport, named for the failure message.
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
    .slice(-8)
    .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


@pytest.mark.parametrize("language", ["en", "fi"])  # Finnish has the longest words
@pytest.mark.parametrize("entry", PAGES, ids=lambda p: p.name)
def test_page_does_not_scroll_sideways_at_320_px(
    entry, language, live_server, page, login_as, request
):
    page.set_viewport_size(NARROW)
    if entry.persona:
        login_as(request.getfixturevalue(entry.persona))
    page.context.add_cookies(
        [{"name": "myropo_language", "value": language, "url": live_server.url}]
    )
    response = page.goto(live_server.url + entry.url_path(request))
    assert response.status == entry.status
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], page.evaluate(OVERFLOWING)


# Every row's due date and amount inside the viewport, shown (not hidden, not clipped away).
DUE_DATES_AND_AMOUNTS = """() => [...document.querySelectorAll('table.invoice-table tbody tr')]
    .map(row => [...row.querySelectorAll('td')]
        .filter(td => td.classList.contains('amount') || td.cellIndex === 3)
        .map(td => {
            const box = td.getBoundingClientRect();
            const shown = getComputedStyle(td).display !== 'none'
                && getComputedStyle(td).visibility !== 'hidden' && box.width > 0 && box.height > 0;
            return shown && box.left >= 0 && box.right <= innerWidth + 0.5
                && td.innerText.trim() !== '';
        }))"""


@pytest.mark.parametrize("language", ["en", "fi"])
def test_every_invoice_shows_its_due_date_and_amount_at_320_px(
    language, live_server, page, login_as, invoice_holder
):
    page.set_viewport_size(NARROW)
    login_as(invoice_holder)
    page.context.add_cookies(
        [{"name": "myropo_language", "value": language, "url": live_server.url}]
    )
    page.goto(live_server.url + "/invoices/")

    rows = page.evaluate(DUE_DATES_AND_AMOUNTS)
    assert rows, "the list shows invoices"
    assert all(cells == [True, True] for cells in rows), rows
