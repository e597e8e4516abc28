"""Fixtures for the sandbox's tests: a real sandbox process, no portal database needed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.sandbox_process import SandboxProcess


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    """A migrated, seeded sandbox served over HTTP for the whole test session."""
    with SandboxProcess(tmp_path_factory.mktemp("sandbox")) as sandbox:
        yield sandbox


@pytest.fixture(scope="session")
def sandbox_dump(sandbox_server: SandboxProcess) -> dict[str, Any]:
    """Everything the seeded sandbox holds, as ``dump_sandbox`` prints it."""
    return sandbox_server.dump()
