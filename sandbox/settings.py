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

from sandbox.idp.keys import stored_signing_key

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
        # Threaded servers, several worker processes and a seed may write at once: wait for
        # locks, and take the write lock when a transaction starts (IMMEDIATE), so a
        # check-then-write (idempotency keys, feed deliveries) is never interleaved.
        options = config.setdefault("OPTIONS", {})
        options.setdefault("timeout", 20)
        options.setdefault("transaction_mode", "IMMEDIATE")
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "oauth2_provider",
    "sandbox.engine",
    "sandbox.idp",
    "sandbox.paytrail",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Sessions and users for the identity provider's test-bank login (sandbox/idp).
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The fault knobs (POST /faults) for the Ropo One and Maventa APIs.
    "sandbox.engine.middleware.FaultMiddleware",
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

# The portal's own accounts upstream (demo values; the creditors' own credentials are seeded
# and listed at /demo/creditors.json). The integrator sees every case of a Ropo One country
# tree, the Maventa partner every company's assignments.
ROPO_ONE_INTEGRATOR = {
    "cid": env.str("SANDBOX_ROPO_ONE_PORTAL_CID", default="portal"),
    "apicode": env.str("SANDBOX_ROPO_ONE_PORTAL_APICODE", default="demo-ropo-apicode"),
}
MAVENTA_PARTNER = {
    "client_id": env.str(
        "SANDBOX_MAVENTA_PORTAL_CLIENT_ID", default="00000000-0000-4000-8000-000000000001"
    ),
    "client_secret": env.str("SANDBOX_MAVENTA_PORTAL_API_KEY", default="demo-maventa-api-key"),
    "vendor_api_key": env.str(
        "SANDBOX_MAVENTA_PORTAL_VENDOR_KEY", default="demo-maventa-vendor-key"
    ),
}
ROPO_ONE_TOKEN_SECONDS = 2 * 60 * 60
# Status updates handed out per GET /rest/jobs/statusupdates (documented: at most 1000); tests
# set fewer to see the feed page.
ROPO_ONE_UPDATES_PER_CALL = max(1, min(env.int("SANDBOX_ROPO_ONE_UPDATES_PER_CALL", 1000), 1000))
MAVENTA_TOKEN_SECONDS = 60 * 60

# The strong-authentication identity provider (sandbox/idp: django-oauth-toolkit with OpenID
# Connect). Cookies ignore ports, so the portal on another port of the same host would share
# "sessionid"/"csrftoken" with the sandbox: the sandbox's have their own names.
SESSION_COOKIE_NAME = "sandbox_sessionid"
CSRF_COOKIE_NAME = "sandbox_csrftoken"
LOGIN_URL = "/idp/login/"
# Redirect URIs accepted besides the registered ones (the portal's callback on http://localhost
# and http://127.0.0.1, any port): space-separated.
SANDBOX_OIDC_REDIRECT_URIS = env.str("SANDBOX_OIDC_REDIRECT_URIS", default="").split()
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    # A PEM from SANDBOX_OIDC_RSA_KEY ("\n" escapes allowed), else a key generated on first use
    # and kept in the database.
    "OIDC_RSA_PRIVATE_KEY": (
        env.str("SANDBOX_OIDC_RSA_KEY", default="", multiline=True) or stored_signing_key()
    ),
    # Empty: the issuer is <scheme>://<host>/idp of the request.
    "OIDC_ISS_ENDPOINT": env.str("SANDBOX_OIDC_ISSUER", default=""),
    "OAUTH2_VALIDATOR_CLASS": "sandbox.idp.validators.TestBankValidator",
    "SCOPES": {"openid": "OpenID Connect", "profile": "Name", "email": "E-mail address"},
    "DEFAULT_SCOPES": ["openid"],
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
    "PKCE_REQUIRED": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,  # S256 only
    "ALLOW_LOCALHOST_LOOPBACK": True,  # RFC 8252 §7.3 any-port rule for http://localhost too
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 120,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "ID_TOKEN_EXPIRE_SECONDS": 3600,
}
# Not swapped; named because sandbox/idp's models point at them (migrations need the setting).
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"  # noqa: S105 (a model, no secret)

# The payment gateway (sandbox/paytrail): merchant id -> secret. Paytrail's public test merchant
# by default; more as "id:secret id:secret".
PAYTRAIL_MERCHANTS = dict(
    entry.split(":", 1)
    for entry in env.str("SANDBOX_PAYTRAIL_MERCHANTS", default="375917:SAIPPUAKAUPPIAS").split()
)
