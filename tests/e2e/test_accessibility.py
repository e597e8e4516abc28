"""Every registered page, in every language, passes axe-core and has the layout landmarks."""

import pytest

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
