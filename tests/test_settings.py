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
    "ROPO_ONE_FI_URL": "https://ropo-one.example/fi",
    "ROPO_ONE_SE_URL": "https://ropo-one.example/se",
    "ROPO_ONE_NO_URL": "https://ropo-one.example/no",
    "ROPO_ONE_CID": "myropo",
    "ROPO_ONE_APICODE": "real-apicode",
    "MAVENTA_URL": "https://ax.maventa.example",
    "MAVENTA_COMPANY_UUID": "5c0ffee0-0000-4000-8000-00000000abcd",
    "MAVENTA_API_KEY": "real-maventa-key",
    "MAVENTA_VENDOR_KEY": "real-maventa-vendor-key",
    "PAYTRAIL_URL": "https://services.paytrail.example",
    "PAYTRAIL_MERCHANT_ID": "123456",
    "PAYTRAIL_SECRET": "real-paytrail-secret",
    "OIDC_ISSUER": "https://bank-id.example/oidc",
    "OIDC_CLIENT_ID": "myropo",
    "OIDC_CLIENT_SECRET": "real-oidc-secret",
}
DEMO_FIELD_KEY = "ZGVtby1vbmx5LWZpZWxkLWtleS0zMi1ieXRlcyEhISE="


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


def refusal(**changes: str | None) -> str:
    """The error production stops with when PRODUCTION_ENV is changed (None unsets)."""
    env = {k: v for k, v in {**PRODUCTION_ENV, **changes}.items() if v is not None}
    result = run_manage("check", env=env)
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr
    return result.stderr


def test_production_refuses_to_start_without_its_secrets():
    result = run_manage("check", env={"DJANGO_ENV": "production"})
    assert result.returncode != 0
    assert "DJANGO_ENV=production needs these environment variables" in result.stderr
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY", "DATABASE_URL"):
        assert name in result.stderr


def test_production_needs_every_outside_url_and_never_falls_back_to_the_sandbox():
    urls = ("ROPO_ONE_FI_URL", "ROPO_ONE_SE_URL", "ROPO_ONE_NO_URL", "MAVENTA_URL")
    urls += ("PAYTRAIL_URL", "OIDC_ISSUER")
    error = refusal(**dict.fromkeys(urls))
    missing = error.split("needs these environment variables:")[1].splitlines()[0]
    assert set(urls) <= {name.strip() for name in missing.split(",")}


def test_production_refuses_an_outside_url_at_the_sandbox_or_without_https():
    error = refusal(
        SANDBOX_URL="https://sandbox.example",
        OIDC_ISSUER="https://sandbox.example/idp",
        PAYTRAIL_URL="http://services.paytrail.example",
        PORTAL_BASE_URL="http://myropo.example",
    )
    assert "OIDC_ISSUER points at the sandbox" in error
    assert "PAYTRAIL_URL must be an https:// URL" in error
    assert "PORTAL_BASE_URL must be an https:// URL" in error


def test_production_refuses_the_public_demo_secret():
    demo = "demo-only-secret-key-4f1c9a7e2b6d8e0f3a5c7e9b1d3f5a7c"
    assert "SECRET_KEY is a public demo value" in refusal(SECRET_KEY=demo)


def test_production_refuses_the_sandboxs_secret_key_as_any_secret():
    sandbox = "sandbox-demo-only-7c1d0f5e9b8a4e62a3f1b2c4d5e6f708-not-for-production"
    error = refusal(SECRET_KEY=sandbox, OIDC_CLIENT_SECRET=sandbox)
    assert "SECRET_KEY is a public demo value" in error
    assert "OIDC_CLIENT_SECRET is a public demo value" in error
    assert sandbox not in error


def test_production_refuses_every_demo_value_under_any_name_and_lists_them_all_at_once():
    error = refusal(
        MAVENTA_VENDOR_KEY="demo-maventa-vendor-key",
        FIELD_ENCRYPTION_KEYS=f"k2027:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=,old:{DEMO_FIELD_KEY}",
        PAYTRAIL_SECRET="demo-oidc-client-secret",
        BLIND_INDEX_KEY=DEMO_FIELD_KEY,
        PAYTRAIL_MERCHANT_ID="375917",
    )
    assert "MAVENTA_VENDOR_KEY is a public demo value" in error
    assert "FIELD_ENCRYPTION_KEYS contains a public demo key" in error
    assert "PAYTRAIL_SECRET is a public demo value" in error
    assert "BLIND_INDEX_KEY is a public demo value" in error
    assert "PAYTRAIL_MERCHANT_ID is the sandbox's demo value" in error
    for secret in ("demo-maventa-vendor-key", DEMO_FIELD_KEY, "demo-oidc-client-secret"):
        assert secret not in error


def test_production_refuses_a_weak_secret_key_without_printing_it():
    for weak in ("s3cr3t!", "k7#" * 16, "ab" * 40, "django-insecure-" + "q1w2e3r4t5y6" * 5):
        error = refusal(SECRET_KEY=weak)
        assert "SECRET_KEY is weak" in error
        assert weak not in error


def test_production_refuses_a_wildcard_or_empty_host():
    for hosts in ("*", "myropo.example,*", "*.example", ","):
        assert "ALLOWED_HOSTS must name the portal's hosts" in refusal(ALLOWED_HOSTS=hosts)


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


def test_the_sandboxs_key_the_portal_refuses_is_the_one_the_sandbox_embeds():
    from myropo import settings as portal_settings

    sandbox_settings = (ROOT / "sandbox" / "settings.py").read_text()
    assert f'default="{portal_settings._DEMO_SANDBOX_SECRET_KEY}"' in sandbox_settings


def test_production_refuses_a_short_metrics_token_without_printing_it():
    error = refusal(METRICS_TOKEN="short-metrics-token")  # noqa: S106
    assert "METRICS_TOKEN is too short" in error
    assert "short-metrics-token" not in error


def test_production_starts_with_metrics_off_or_a_long_metrics_token():
    assert run_manage("check", env=PRODUCTION_ENV).returncode == 0
    long_token = {**PRODUCTION_ENV, "METRICS_TOKEN": "m" * 8 + "8Xq2vLp0" * 4}
    assert run_manage("check", env=long_token).returncode == 0
