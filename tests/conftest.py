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


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request through the test client activates
    its language in this thread and Django does not switch it back."""
    from django.utils import translation

    yield
    translation.deactivate()


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


# --- Personas and sessions ----------------------------------------------------------------

LOGIN_RECORDS = {
    "bankid": {"method": "socialaccount", "provider": "bankid", "uid": "test"},
    "passkey": {"method": "mfa", "type": "webauthn", "passwordless": True},
    "code": {"method": "code", "email": "x"},
    "password": {"method": "password"},
}


def log_in(client, user, *, how: str = "code", **session_values):
    """Log the test client in as `user`, as allauth would record the given login method."""
    import time

    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [{**LOGIN_RECORDS[how], "at": time.time()}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.update(session_values)
    session.save()
    return client


def make_person(email: str, identity_code: str, country: str = "FI"):
    from accounts.models import User
    from accounts.services import link_strong_identity

    user = User.objects.create_user(email=email, full_name=email.split("@")[0].title())
    link_strong_identity(user, country=country, code=identity_code)
    return user


@pytest.fixture
def debtor(db):
    return make_person("debtor@example.com", "131052-308T")


@pytest.fixture
def other_debtor(db):
    return make_person("other@example.com", "070986-620Y")


@pytest.fixture
def creditor_user(db, django_user_model):
    return django_user_model.objects.create_user(email="creditor@example.com", password="x" * 16)


# --- The sandbox (the outside world) on loopback --------------------------------------------


@pytest.fixture(scope="session")
def sandbox_template(tmp_path_factory):
    """A migrated, seeded sandbox database, built once per run and copied by each sandbox."""
    from tests.sandbox_process import build_template

    return build_template(tmp_path_factory.mktemp("sandbox-template"))


@pytest.fixture(scope="session")
def sandbox_process(tmp_path_factory, sandbox_template):
    from tests.sandbox_process import SandboxProcess

    with SandboxProcess(tmp_path_factory.mktemp("sandbox"), template=sandbox_template) as process:
        yield process


def point_at_sandbox(settings, url: str) -> None:
    """Configure the portal's outside-system settings for a sandbox served at `url`."""
    import copy

    settings.ROPO_ONE_URLS = {c: f"{url}/{c.lower()}" for c in ("FI", "SE", "NO")}
    settings.MAVENTA_URL = f"{url}/maventa"
    settings.PAYTRAIL_URL = f"{url}/paytrail"
    settings.OIDC_ISSUER = f"{url}/idp"
    providers = copy.deepcopy(settings.SOCIALACCOUNT_PROVIDERS)
    providers["bankid"]["APPS"][0]["settings"]["server_url"] = f"{url}/idp"
    settings.SOCIALACCOUNT_PROVIDERS = providers
    csp = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    csp["DIRECTIVES"]["form-action"] = ["'self'", url]
    settings.CONTENT_SECURITY_POLICY = csp


@pytest.fixture
def sandbox(sandbox_process, settings):
    """The session's sandbox, with the portal pointed at it for this test."""
    point_at_sandbox(settings, sandbox_process.url)
    return sandbox_process


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Locks, tokens and allauth's rate limits live in the cache: start each test clean.

    Redis is cleared outright. The database cache is rolled back with each ordinary test, so
    only tests that commit (live server, transactional) need it emptied.
    """
    from django.conf import settings
    from django.core.cache import cache

    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        cache.clear()
    elif {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        cache.clear()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast password hashing, and files written by tests go to a temporary folder."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fresh_sandbox(tmp_path, settings, sandbox_template):
    """A sandbox of its own (a copy of the seeded template), for tests that change it."""
    from tests.sandbox_process import SandboxProcess

    with SandboxProcess(tmp_path / "sandbox", template=sandbox_template) as process:
        point_at_sandbox(settings, process.url)
        yield process


@pytest.fixture(autouse=True, scope="session")
def _celery_runs_tasks_in_the_test_process():
    """Tasks queued by the code under test run at once, in the test (no worker needed);
    `tests/integrations/test_worker.py` turns this off to prove a real worker does the work."""
    from myropo.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


# --- Creditor users, their creditors and cases -----------------------------------------------

LOGIN_RECORDS["password_totp"] = {"method": "mfa", "type": "totp"}


@pytest.fixture
def other_creditor_user(db, django_user_model):
    return django_user_model.objects.create_user(
        email="other-creditor@example.com", password="y" * 16
    )


def make_creditor_cases(creditor_snapshot, jobids, **overrides):
    """Cases of one creditor, applied as sync would; returns the creditor."""
    from invoices.models import Creditor
    from invoices.services import apply_case_updates
    from tests.invoices import snapshots

    apply_case_updates(
        [
            snapshots.case(j, creditor=creditor_snapshot, person=i, **overrides)
            for i, j in enumerate(jobids)
        ]
    )
    return Creditor.objects.get(business_id=creditor_snapshot.business_id)


@pytest.fixture
def creditor(db):
    """Lumo Energia Oy with three open reminder cases (FI:9001..9003)."""
    from tests.invoices import snapshots

    return make_creditor_cases(snapshots.CREDITOR, [9001, 9002, 9003])


@pytest.fixture
def other_creditor(db):
    """Another creditor, with one case (FI:9101) that `creditor`'s people must never see."""
    from invoices.snapshots import CreditorSnapshot

    snapshot = CreditorSnapshot(
        name="Kotiturva Oy", business_id="20113678", country="FI", currency="EUR"
    )
    return make_creditor_cases(snapshot, [9101])


@pytest.fixture
def creditor_manager(creditor_user, creditor):
    """`creditor_user` as a manager of `creditor` (no login)."""
    from creditors.services import add_member

    add_member(creditor_user, creditor, role="manager")
    return creditor_user


@pytest.fixture
def creditor_viewer(other_creditor_user, creditor):
    """`other_creditor_user` as a viewer of `creditor` (no login)."""
    from creditors.services import add_member

    add_member(other_creditor_user, creditor, role="viewer")
    return other_creditor_user


@pytest.fixture
def other_creditor_manager(django_user_model, other_creditor):
    from creditors.services import add_member

    user = django_user_model.objects.create_user(email="kotiturva@example.com", password="z" * 16)
    add_member(user, other_creditor, role="manager")
    return user


@pytest.fixture
def creditor_persona(creditor_manager, client):
    """The creditor manager, logged in with a passkey (for browser tests)."""
    log_in(client, creditor_manager, how="passkey")
    return creditor_manager


@pytest.fixture
def agent_persona(agent, client):
    """The agent, logged in with a password and an authenticator app (for browser tests)."""
    log_in(client, agent, how="password_totp")
    return agent


@pytest.fixture
def creditor_dashboard_path(creditor):
    return f"/creditor/{creditor.public_id}/"


@pytest.fixture
def creditor_assignments_path(creditor):
    return f"/creditor/{creditor.public_id}/assignments/"


@pytest.fixture
def creditor_case_path(creditor):
    case = creditor.invoices.order_by("pk").first()
    return f"/creditor/{creditor.public_id}/assignments/{case.myropo_id}/"


@pytest.fixture
def creditor_tokens_path(creditor):
    return f"/creditor/{creditor.public_id}/tokens/"


@pytest.fixture
def creditor_transfers_path(creditor):
    return f"/creditor/{creditor.public_id}/transfers/"


@pytest.fixture
def upload_reads(monkeypatch) -> list[str]:
    """The names of uploaded files whose content the portal read (or streamed in chunks)."""
    from django.core.files.uploadedfile import (
        InMemoryUploadedFile,
        SimpleUploadedFile,
        TemporaryUploadedFile,
    )

    seen: list[str] = []
    for kind in (InMemoryUploadedFile, TemporaryUploadedFile):

        def read(self, *args, **kwargs):
            if not isinstance(self, SimpleUploadedFile):  # the test client's own, sending
                seen.append(self.name)
            return self.file.read(*args, **kwargs)

        def chunks(self, chunk_size=None):
            if not isinstance(self, SimpleUploadedFile):
                seen.append(self.name)
            self.file.seek(0)
            yield self.file.read()

        monkeypatch.setattr(kind, "read", read, raising=False)
        monkeypatch.setattr(kind, "chunks", chunks)
    return seen
