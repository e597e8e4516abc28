"""Fixtures for the sandbox's tests: real sandbox processes, no portal database needed.

Building a database (migrate + seed) takes a few seconds, so it happens once per session
(``sandbox_template``); every server below starts from a copy of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.sandbox.helpers import Maventa, RopoOne
from tests.sandbox_process import SandboxProcess, build_template

StartSandbox = Callable[..., SandboxProcess]


@pytest.fixture(scope="session")
def sandbox_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, seeded sandbox database to copy."""
    return build_template(tmp_path_factory.mktemp("sandbox-template"))


@pytest.fixture(scope="session")
def sandbox_server(
    tmp_path_factory: pytest.TempPathFactory, sandbox_template: Path
) -> Iterator[SandboxProcess]:
    """A seeded sandbox served over HTTP for the whole session: read-only tests use it.

    One worker process: the first PDF a worker renders imports WeasyPrint (seconds)."""
    folder = tmp_path_factory.mktemp("sandbox")
    with SandboxProcess(folder, template=sandbox_template, workers=1) as sandbox:
        yield sandbox


@pytest.fixture(scope="session")
def sandbox_dump(sandbox_server: SandboxProcess) -> dict[str, Any]:
    """Everything the seeded sandbox holds, as ``dump_sandbox`` prints it."""
    return sandbox_server.dump()


@pytest.fixture
def start_sandbox(
    tmp_path_factory: pytest.TempPathFactory, sandbox_template: Path
) -> Iterator[StartSandbox]:
    """Start a fresh seeded sandbox (stopped after the test): for tests that need clean state."""
    started: list[SandboxProcess] = []

    def start(**options: Any) -> SandboxProcess:
        folder = tmp_path_factory.mktemp("sandbox")
        sandbox = SandboxProcess(folder, template=sandbox_template, **options)
        started.append(sandbox)
        return sandbox.start()

    yield start
    for sandbox in started:
        sandbox.stop()


@pytest.fixture(scope="module")
def module_sandbox(
    tmp_path_factory: pytest.TempPathFactory, sandbox_template: Path
) -> Iterator[SandboxProcess]:
    """A seeded sandbox of this test module's own: its tests may add jobs and bookings."""
    folder = tmp_path_factory.mktemp("sandbox")
    with SandboxProcess(folder, template=sandbox_template) as sandbox:
        yield sandbox


@pytest.fixture(scope="session")
def api_sandbox(
    tmp_path_factory: pytest.TempPathFactory, sandbox_template: Path
) -> Iterator[SandboxProcess]:
    """A seeded sandbox shared by the API tests: they add jobs, bookings and transfers, drain
    feeds of distinct accounts and turn fault knobs (reset after each test), but never move
    the clock; their assertions hold whatever else the others added. The read-only
    ``sandbox_server`` stays as seeded."""
    folder = tmp_path_factory.mktemp("sandbox-api")
    with SandboxProcess(folder, template=sandbox_template) as sandbox:
        yield sandbox


def creditors_of(sandbox: SandboxProcess) -> dict[str, dict[str, Any]]:
    body = sandbox.get("/demo/creditors.json").json()
    return {c["key"]: c for c in body["creditors"]}


def people_of(sandbox: SandboxProcess) -> dict[str, dict[str, Any]]:
    """Seeded people by e-mail."""
    return {p["email"]: p for p in sandbox.get("/demo/people.json").json()["people"]}


@pytest.fixture(scope="session")
def creditors(api_sandbox: SandboxProcess) -> dict[str, dict[str, Any]]:
    """The seeded creditors by key, with their credentials."""
    return creditors_of(api_sandbox)


@pytest.fixture(scope="session")
def people(api_sandbox: SandboxProcess) -> dict[str, dict[str, Any]]:
    return people_of(api_sandbox)


@pytest.fixture(scope="session")
def portal_fi(api_sandbox: SandboxProcess) -> RopoOne:
    """The portal's Ropo One integrator account in the Finnish tree of ``api_sandbox``."""
    return RopoOne.integrator(api_sandbox, "fi")


@pytest.fixture(scope="session")
def partner(api_sandbox: SandboxProcess) -> Maventa:
    """The portal's Maventa partner account on ``api_sandbox``."""
    return Maventa.partner(api_sandbox)
