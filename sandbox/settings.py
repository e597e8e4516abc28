"""Settings of the sandbox project (the stand-ins for the portal's outside world).

Everything comes from ``SANDBOX_*`` environment variables so the sandbox never picks up the
portal's own configuration (``DATABASE_URL``, ``SECRET_KEY``...) by accident.

| variable | default |
|---|---|
| ``SANDBOX_DATABASE_URL`` | ``sqlite:///<repo>/var/sandbox.sqlite3`` |
| ``SANDBOX_SECRET_KEY`` | a fixed demo key (the sandbox holds demo data only) |
| ``SANDBOX_DEBUG`` | ``True`` |
| ``SANDBOX_ALLOWED_HOSTS`` | none beyond localhost, 127.0.0.1 and [::1] |

The sandbox refuses to start when ``DJANGO_ENV=production``.
"""

from __future__ import annotations

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

if os.environ.get("DJANGO_ENV", "").strip().lower() == "production":
    raise ImproperlyConfigured(
        "The sandbox never runs in production settings (DJANGO_ENV=production). "
        "Point the portal at the real services instead."
    )

SANDBOX_DIR = Path(__file__).resolve().parent
REPO_ROOT = SANDBOX_DIR.parent
VAR_DIR = REPO_ROOT / "var"

env = environ.Env()

SECRET_KEY = env.str(
    "SANDBOX_SECRET_KEY",
    default="sandbox-demo-only-7c1d0f5e9b8a4e62a3f1b2c4d5e6f708-not-for-production",
)
DEBUG = env.bool("SANDBOX_DEBUG", default=True)
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", *env.list("SANDBOX_ALLOWED_HOSTS", default=[])]


def _database() -> dict:
    if "SANDBOX_DATABASE_URL" not in os.environ:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
    config = env.db_url("SANDBOX_DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'sandbox.sqlite3'}")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # The dev server is threaded and a seed may run beside it: wait for locks, don't fail.
        config.setdefault("OPTIONS", {}).setdefault("timeout", 20)
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "sandbox.engine",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "sandbox.urls"
WSGI_APPLICATION = "sandbox.wsgi.application"
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

LANGUAGE_CODE = "en"
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("SANDBOX_LOG_LEVEL", default="INFO")},
}
