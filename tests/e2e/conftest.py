import pytest
from axe_playwright_python.sync_playwright import Axe


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def login_as(live_server, page, client):
    """Log the browser in as a persona by handing it a session cookie made by the test client."""

    def _login(user):
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
        )

    return _login
