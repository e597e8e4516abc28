"""Shared fixtures: personas, the browser (Debian's Chromium), and the live server."""

import os

# Playwright's sync API runs an event loop in the test thread; Django's ORM is fine with that
# in tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright cannot download its own browser here: drive Debian's Chromium.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def agent(django_user_model):
    from accounts.services import ensure_customer_service_group

    user = django_user_model.objects.create_user(
        email="agent@example.com", password="agent-pass-1234", is_staff=True, full_name="Agent"
    )
    user.groups.add(ensure_customer_service_group())
    return user
