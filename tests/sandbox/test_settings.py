"""The sandbox's own settings: never in production, never the portal's settings module."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.sandbox_process import MANAGE, REPO_ROOT, SandboxProcess, sandbox_env


def test_the_sandbox_refuses_to_start_with_production_settings(tmp_path: Path):
    result = SandboxProcess(tmp_path).manage("check", check=False, DJANGO_ENV="production")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "never runs in production" in result.stderr


def test_the_sandbox_wsgi_application_refuses_production_settings_too(tmp_path: Path):
    env = sandbox_env(tmp_path / "db.sqlite3", DJANGO_ENV="production")
    result = subprocess.run(
        [sys.executable, "-c", "import sandbox.wsgi"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "never runs in production" in result.stderr


def test_manage_py_uses_sandbox_settings_even_if_the_portals_module_is_exported(tmp_path: Path):
    env = sandbox_env(tmp_path / "db.sqlite3", DJANGO_SETTINGS_MODULE="myropo.settings")
    code = "from django.conf import settings; print(settings.SETTINGS_MODULE)"
    result = subprocess.run(
        [sys.executable, str(MANAGE), "shell", "-v", "0", "-c", code],
        cwd=Path("/"),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "sandbox.settings"


def test_the_sandbox_migrations_match_its_models(tmp_path: Path):
    result = SandboxProcess(tmp_path).manage("makemigrations", "--check", "--dry-run", check=False)

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_sandbox_database_is_its_own_sqlite_file(tmp_path: Path):
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps(str(settings.DATABASES['default']['NAME'])))"
    )
    result = SandboxProcess(tmp_path).manage("shell", "-v", "0", "-c", code)

    assert json.loads(result.stdout) == str(tmp_path / "sandbox.sqlite3")
