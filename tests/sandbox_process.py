"""Run the sandbox (the outside-world stand-ins) as a real process for tests.

The portal's tests run with ``myropo.settings``; the sandbox is a separate Django project, so it
is never imported here. Instead::

    with SandboxProcess(tmp_path) as sandbox:
        httpx.get(sandbox.url + "/healthz")

migrates and seeds a fresh SQLite database in ``tmp_path``, starts a server on a free port
(gunicorn with threads and two worker processes by default, ``server="runserver"`` for
Django's dev server), waits for ``/healthz`` and stops the server on exit.
``sandbox.manage(...)`` runs other management commands against the same database.

Options: ``seed=False`` (migrate only), ``migrate=False`` (an empty database), ``env={...}``
(extra environment for the server and commands), ``template=path`` (copy an already migrated
and seeded database instead of building one: much faster when many tests want a clean one;
see ``build_template``).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

REPO_ROOT = Path(__file__).resolve().parent.parent
MANAGE = REPO_ROOT / "sandbox" / "manage.py"
START_TIMEOUT_SECONDS = 30.0
COMMAND_TIMEOUT_SECONDS = 120.0
STOP_TIMEOUT_SECONDS = 10.0
QUICK_STOP_SECONDS = 0.3


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


def copy_database(source: Path, target: Path) -> None:
    """Copy a SQLite database consistently (through its WAL, if any)."""
    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def build_template(tmp_dir: Path | str) -> Path:
    """A migrated, seeded database to hand to ``SandboxProcess(..., template=...)``."""
    return SandboxProcess(tmp_dir).prepare().database_path


class SandboxProcess:
    """A migrated, seeded sandbox served on 127.0.0.1:<free port> (use as a context manager)."""

    def __init__(
        self,
        tmp_dir: Path | str,
        *,
        migrate: bool = True,
        seed: bool = True,
        env: Mapping[str, str] | None = None,
        template: Path | str | None = None,
        server: str = "gunicorn",
        workers: int = 2,
        threads: int = 8,
    ) -> None:
        self.tmp_dir = Path(tmp_dir)
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        self.database_path = self.tmp_dir / "sandbox.sqlite3"
        self.log_path = self.tmp_dir / "sandbox-server.log"
        self.env = sandbox_env(self.database_path, **dict(env or {}))
        self.port = 0
        self.server = server
        self.workers = workers
        self.threads = threads
        self._migrate = migrate
        self._seed = seed
        self._template = Path(template) if template else None
        self._server: subprocess.Popen[bytes] | None = None
        self._client: httpx.Client | None = None

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
        if self._template is not None:
            copy_database(self._template, self.database_path)
            return self
        if self._migrate:
            self.manage("migrate", "--noinput")
        if self._seed:
            self.manage("seed_sandbox")
        return self

    # -- server ----------------------------------------------------------------------------

    def _command(self) -> list[str]:
        address = f"127.0.0.1:{self.port}"
        if self.server == "runserver":
            return [sys.executable, str(MANAGE), "runserver", address, "--noreload"]
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "sandbox.wsgi:application",
            f"--bind={address}",
            f"--workers={self.workers}",
            f"--threads={self.threads}",
            "--worker-class=gthread",
            "--preload",
            "--timeout=300",
            "--graceful-timeout=1",
            "--log-level=warning",
        ]

    def start(self) -> SandboxProcess:
        self.prepare()
        self.port = free_port()
        with self.log_path.open("ab") as log:
            self._server = subprocess.Popen(
                self._command(),
                cwd=REPO_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() ends it and its workers
            )
        self._wait_until_up()
        return self

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._server is not None and self._server.poll() is not None:
                break
            try:
                self.client.get(f"{self.url}/healthz", timeout=2.0)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        log = self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else ""
        self.stop()
        raise SandboxError(f"the sandbox did not answer /healthz within the time limit:\n{log}")

    def stop(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        server, self._server = self._server, None
        self.port = 0
        if server is None or server.poll() is not None:
            return
        server.terminate()
        try:
            server.wait(
                timeout=QUICK_STOP_SECONDS if self.server == "gunicorn" else STOP_TIMEOUT_SECONDS
            )
        except subprocess.TimeoutExpired:
            # gunicorn takes a second or more to wind its workers down; the database is a
            # throwaway copy, so end the server's own process group (it and its workers) now.
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=STOP_TIMEOUT_SECONDS)

    @property
    def client(self) -> httpx.Client:
        """One HTTP client per server: building one per call (TLS setup) costs ~50 ms."""
        if self._client is None:
            self._client = httpx.Client(timeout=10.0)
        return self._client

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.client.request(method, f"{self.url}{path}", **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def __enter__(self) -> SandboxProcess:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
