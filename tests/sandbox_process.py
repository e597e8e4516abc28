"""Run the sandbox (the outside-world stand-ins) as a real process for tests.

The portal's tests run with ``myropo.settings``; the sandbox is a separate Django project, so it
is never imported here. Instead::

    with SandboxProcess(tmp_path) as sandbox:
        httpx.get(sandbox.url + "/healthz")

migrates and seeds a fresh SQLite database in ``tmp_path``, starts ``runserver`` on a free port,
waits for ``/healthz`` and stops the server on exit. ``sandbox.manage(...)`` runs other
management commands against the same database.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

REPO_ROOT = Path(__file__).resolve().parent.parent
MANAGE = REPO_ROOT / "sandbox" / "manage.py"
START_TIMEOUT_SECONDS = 30.0
COMMAND_TIMEOUT_SECONDS = 120.0


class SandboxError(RuntimeError):
    """The sandbox could not be prepared or did not come up."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sandbox_env(database_path: Path, **overrides: str) -> dict[str, str]:
    """The environment for a sandbox process: its own settings and database, nothing of ours."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ENV")}
    env.update(
        DJANGO_SETTINGS_MODULE="sandbox.settings",
        SANDBOX_DATABASE_URL=f"sqlite:///{database_path}",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


class SandboxProcess:
    """A migrated, seeded sandbox served on 127.0.0.1:<free port> (use as a context manager)."""

    def __init__(self, tmp_dir: Path | str, *, migrate: bool = True, seed: bool = True) -> None:
        self.tmp_dir = Path(tmp_dir)
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        self.database_path = self.tmp_dir / "sandbox.sqlite3"
        self.log_path = self.tmp_dir / "sandbox-server.log"
        self.env = sandbox_env(self.database_path)
        self.port = 0
        self._migrate = migrate
        self._seed = seed
        self._server: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        if not self.port:
            raise SandboxError("the sandbox server is not running")
        return f"http://127.0.0.1:{self.port}"

    # -- management commands ---------------------------------------------------------------

    def manage(
        self, *args: str, check: bool = True, **env: str
    ) -> subprocess.CompletedProcess[str]:
        """Run ``python sandbox/manage.py <args>`` against this sandbox's database."""
        result = subprocess.run(
            [sys.executable, str(MANAGE), *args],
            cwd=REPO_ROOT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_SECONDS,
        )
        if check and result.returncode != 0:
            raise SandboxError(
                f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-4000:]}"
            )
        return result

    def dump(self, *sections: str) -> dict[str, Any]:
        """The sandbox's data as JSON (``dump_sandbox``), optionally only some sections."""
        args = [arg for section in sections for arg in ("--only", section)]
        return json.loads(self.manage("dump_sandbox", *args).stdout)

    def prepare(self) -> SandboxProcess:
        if self._migrate:
            self.manage("migrate", "--noinput")
        if self._seed:
            self.manage("seed_sandbox")
        return self

    # -- server ----------------------------------------------------------------------------

    def start(self) -> SandboxProcess:
        self.prepare()
        self.port = free_port()
        with self.log_path.open("wb") as log:
            self._server = subprocess.Popen(
                [sys.executable, str(MANAGE), "runserver", f"127.0.0.1:{self.port}", "--noreload"],
                cwd=REPO_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_until_up()
        return self

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._server is not None and self._server.poll() is not None:
                break
            try:
                httpx.get(f"{self.url}/healthz", timeout=2.0)
                return
            except httpx.TransportError:
                time.sleep(0.2)
        log = self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else ""
        self.stop()
        raise SandboxError(f"the sandbox did not answer /healthz within the time limit:\n{log}")

    def stop(self) -> None:
        server, self._server = self._server, None
        self.port = 0
        if server is None or server.poll() is not None:
            return
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.get(f"{self.url}{path}", timeout=10.0, **kwargs)

    def __enter__(self) -> SandboxProcess:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
