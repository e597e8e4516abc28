"""Production mode refuses to start without its secrets, and passes `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x" * 64 + "-production-secret-for-the-test",
    "FIELD_ENCRYPTION_KEYS": "k2026:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    "BLIND_INDEX_KEY": "a-real-blind-index-key-for-the-test",
    "DATABASE_URL": "postgres://myropo@127.0.0.1:5432/myropo",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "myropo.example",
    "PORTAL_BASE_URL": "https://myropo.example",
    "EMAIL_URL": "smtp://mail.example:25",
    "ROPO_ONE_APICODE": "real-apicode",
    "MAVENTA_API_KEY": "real-maventa-key",
    "PAYTRAIL_SECRET": "real-paytrail-secret",
    "OIDC_CLIENT_SECRET": "real-oidc-secret",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The tests' own DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a production check.
    skip = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in skip}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_its_secrets():
    result = run_manage("check", env={"DJANGO_ENV": "production"})
    assert result.returncode != 0
    assert "DJANGO_ENV=production needs these environment variables" in result.stderr
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY", "DATABASE_URL"):
        assert name in result.stderr


def test_production_refuses_the_public_demo_secret():
    demo = "demo-only-secret-key-4f1c9a7e2b6d8e0f3a5c7e9b1d3f5a7c"
    result = run_manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": demo})
    assert result.returncode != 0
    assert "SECRET_KEY is the public demo value" in result.stderr


def test_production_refuses_sqlite():
    result = run_manage("check", env={**PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/x.db"})
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_check_deploy_is_clean_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def debug_in_demo(**extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    code = "from django.conf import settings; print(settings.DEBUG)"
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_ENV": "demo", **extra},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_the_demo_runs_without_debug_unless_asked():
    """`make run` must not print tracebacks with local variables (secrets) or URL lists."""
    assert debug_in_demo() == "False"
    assert debug_in_demo(DEBUG="true") == "True"
