"""Settings for the MyRopo portal: one file, driven by the environment.

`DJANGO_ENV` picks the mode: `demo` (the default: embedded demo secrets, SQLite, an embedded
broker, e-mail to the console and `var/mail/`) or `production` (every secret from the
environment, refusing to start without them). See `.env.example` for every variable.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from myropo import production

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="demo")
if DJANGO_ENV not in {"demo", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'demo' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"

# Demo-only values. They are public (they are in this file), so production refuses every one
# of them under any name (myropo/production.py, checked at the end of this file).
_DEMO_SECRET_KEY = "demo-only-secret-key-4f1c9a7e2b6d8e0f3a5c7e9b1d3f5a7c"  # noqa: S105
_DEMO_FIELD_KEYS = "demo1:ZGVtby1vbmx5LWZpZWxkLWtleS0zMi1ieXRlcyEhISE="
_DEMO_BLIND_INDEX_KEY = "demo-only-blind-index-key-8e2a4c6e"  # noqa: S105
_DEMO_SECRETS = {
    "SECRET_KEY": _DEMO_SECRET_KEY,
    "BLIND_INDEX_KEY": _DEMO_BLIND_INDEX_KEY,
    "ROPO_ONE_APICODE": "demo-ropo-apicode",
    "MAVENTA_API_KEY": "demo-maventa-api-key",
    "MAVENTA_VENDOR_KEY": "demo-maventa-vendor-key",
    "PAYTRAIL_SECRET": "SAIPPUAKAUPPIAS",
    "OIDC_CLIENT_SECRET": "demo-oidc-client-secret",
}
# Also public: the sandbox's own key (sandbox/settings.py), refused as any portal secret.
_DEMO_SANDBOX_SECRET_KEY = "sandbox-demo-only-7c1d0f5e9b8a4e62a3f1b2c4d5e6f708-not-for-production"  # noqa: S105
# Not secrets, but the sandbox's own: production refuses them by name.
_DEMO_IDENTIFIERS = {
    "PAYTRAIL_MERCHANT_ID": "375917",
    "MAVENTA_COMPANY_UUID": "00000000-0000-4000-8000-000000000001",
}

# Production has no defaults for these: no fallback to the sandbox or to a demo value.
REQUIRED_IN_PRODUCTION = (
    "SECRET_KEY",
    "FIELD_ENCRYPTION_KEYS",
    "BLIND_INDEX_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "PORTAL_BASE_URL",
    "EMAIL_URL",
    "ROPO_ONE_FI_URL",
    "ROPO_ONE_SE_URL",
    "ROPO_ONE_NO_URL",
    "ROPO_ONE_CID",
    "ROPO_ONE_APICODE",
    "MAVENTA_URL",
    "MAVENTA_COMPANY_UUID",
    "MAVENTA_API_KEY",
    "MAVENTA_VENDOR_KEY",
    "PAYTRAIL_URL",
    "PAYTRAIL_MERCHANT_ID",
    "PAYTRAIL_SECRET",
    "OIDC_ISSUER",
    "OIDC_CLIENT_ID",
    "OIDC_CLIENT_SECRET",
)


def _demo(value: str) -> str:
    """An embedded default for `make run`; production gets none."""
    return "" if PRODUCTION else value


def _secret(name: str) -> str:
    return env.str(name, default=_demo(_DEMO_SECRETS[name]))


SECRET_KEY = _secret("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)  # DEBUG=true for development only; never in production

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"]
)
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default=_demo("http://localhost:8000")).rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[PORTAL_BASE_URL])

# --- Field encryption (identity codes, bank accounts, message bodies) -----------------------
# "kid:base64key" entries, comma separated; the first one encrypts, all of them decrypt.
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEYS", default=[] if PRODUCTION else [_DEMO_FIELD_KEYS]
)
BLIND_INDEX_KEY = _secret("BLIND_INDEX_KEY")

# --- Applications ---------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_htmx",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    "allauth.usersessions",
    "accounts",
    "accounts.bankid",
    "invoices",
    "payments",
    "messaging",
    "creditors",
    "integrations",
]

MIDDLEWARE = [
    "myropo.metrics.RequestMetricsMiddleware",
    "myropo.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "myropo.middleware.RefuseNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.StepUpMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "myropo.urls"
WSGI_APPLICATION = "myropo.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.selectors.acting_for",
                "messaging.context_processors.navigation",
                "creditors.context_processors.navigation",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`'s embedded database is shared by the web process and the worker: write-ahead
    # logging lets readers go on while one writes, IMMEDIATE transactions take the write lock
    # at BEGIN (so a waiting writer queues within the busy timeout instead of failing with
    # "database is locked" on upgrade), and the timeout is how long it waits.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_TIMEOUT", default=20),
            "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "myropo",
        }
    }
else:
    # Shared by every process (web, worker), unlike the local-memory cache.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    # The embedded broker: kombu's filesystem transport, one folder shared by web and worker.
    CELERY_BROKER_URL = "filesystem://"
    (CELERY_BROKER_DIR / "queue").mkdir(parents=True, exist_ok=True)
    (CELERY_BROKER_DIR / "processed").mkdir(parents=True, exist_ok=True)
    (CELERY_BROKER_DIR / "control").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_IGNORE_RESULT = True
# https://docs.celeryq.dev/en/stable/userguide/tasks.html#tips-and-best-practices
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Helsinki"
# Workers log through LOGGING below (JSON lines with the request id in production), not
# Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "ropo-one-status-updates": {
        "task": "integrations.ropo_one.tasks.pull_status_updates_task",
        "schedule": env.float("SYNC_STATUS_UPDATES_SECONDS", default=30.0),
    },
    "maventa-assignments": {
        "task": "integrations.maventa.tasks.pull_assignments_task",
        "schedule": env.float("SYNC_ASSIGNMENTS_SECONDS", default=120.0),
    },
    "maventa-pending-transfers": {
        "task": "integrations.maventa.tasks.check_pending_transfers_task",
        "schedule": 60.0,
    },
    "outbox-relay": {"task": "integrations.tasks.relay_outbox_task", "schedule": 15.0},
    "expire-authorizations": {"task": "accounts.tasks.expire_grants_task", "schedule": 3600.0},
    "check-payment-plans": {"task": "payments.tasks.check_plans_task", "schedule": 3600.0},
    "recheck-unconfirmed-payments": {
        "task": "payments.tasks.recheck_unconfirmed_payments_task",
        "schedule": 60.0,
    },
    "reconcile-stale-cases": {
        "task": "integrations.ropo_one.tasks.reconcile_stale_cases_task",
        "schedule": 15 * 60.0,
    },
    "creditor-dashboard-figures": {
        "task": "creditors.tasks.refresh_case_figures_task",
        "schedule": env.float("CREDITOR_FIGURES_SECONDS", default=300.0),
    },
    "creditor-api-idempotency-cleanup": {
        "task": "creditors.tasks.forget_old_idempotency_records_task",
        "schedule": 3600.0,
    },
}

# --- Languages, time ------------------------------------------------------------------------
LANGUAGE_CODE = "en"
# Each language is offered by its own name, so these are deliberately not translated.
LANGUAGES = [
    ("en", "English"),
    ("fi", "suomi"),
    ("sv", "svenska"),
    ("nb", "norsk bokmål"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers per language, English day first (docs/languages.md).
FORMAT_MODULE_PATH = ["myropo.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Helsinki"
LANGUAGE_COOKIE_NAME = "myropo_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from finders here

# --- E-mail ---------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="MyRopo <no-reply@myropo.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "myropo.mail.ConsoleAndFolderBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")

# --- Outside systems (demo: the sandbox on :8001; production: every one set, https) ----------
SANDBOX_URL = env.str("SANDBOX_URL", default="http://localhost:8001").rstrip("/")
ROPO_ONE_URLS = {
    "FI": env.str("ROPO_ONE_FI_URL", default=_demo(f"{SANDBOX_URL}/fi")),
    "SE": env.str("ROPO_ONE_SE_URL", default=_demo(f"{SANDBOX_URL}/se")),
    "NO": env.str("ROPO_ONE_NO_URL", default=_demo(f"{SANDBOX_URL}/no")),
}
ROPO_ONE_CID = env.str("ROPO_ONE_CID", default=_demo("portal"))
ROPO_ONE_APICODE = _secret("ROPO_ONE_APICODE")
MAVENTA_URL = env.str("MAVENTA_URL", default=_demo(f"{SANDBOX_URL}/maventa"))
MAVENTA_COMPANY_UUID = env.str(
    "MAVENTA_COMPANY_UUID", default=_demo(_DEMO_IDENTIFIERS["MAVENTA_COMPANY_UUID"])
)
MAVENTA_API_KEY = _secret("MAVENTA_API_KEY")
MAVENTA_VENDOR_KEY = _secret("MAVENTA_VENDOR_KEY")
PAYTRAIL_URL = env.str("PAYTRAIL_URL", default=_demo(f"{SANDBOX_URL}/paytrail"))
PAYTRAIL_MERCHANT_ID = env.str(
    "PAYTRAIL_MERCHANT_ID", default=_demo(_DEMO_IDENTIFIERS["PAYTRAIL_MERCHANT_ID"])
)
PAYTRAIL_SECRET = _secret("PAYTRAIL_SECRET")
OIDC_ISSUER = env.str("OIDC_ISSUER", default=_demo(f"{SANDBOX_URL}/idp"))
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default=_demo("myropo-portal"))
OIDC_CLIENT_SECRET = _secret("OIDC_CLIENT_SECRET")
OUTSIDE_TIMEOUT_SECONDS = env.float("OUTSIDE_TIMEOUT_SECONDS", default=10.0)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
SYNC_RECONCILE_AFTER_HOURS = env.int("SYNC_RECONCILE_AFTER_HOURS", default=6)
SYNC_COUNTRIES = env.list("SYNC_COUNTRIES", default=["FI", "SE", "NO"])

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "COERCE_DECIMAL_TO_STRING": True,
    "DEFAULT_PARSER_CLASSES": [
        "creditors.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MyRopo portal API",
    "DESCRIPTION": "Creditor API of the MyRopo portal.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Swagger UI from our own static files (the CSP allows no third-party scripts).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The client's address for every rate limit (accounts/security.py:client_ip): a header our
# own proxy sets (e.g. X-Real-IP), else the number of our proxies appending X-Forwarded-For.
TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = TRUSTED_CLIENT_IP_HEADER
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        # Forms that lead to the bank-ID provider or the payment gateway post to us and are
        # redirected there.
        "form-action": [SELF, _origin(OIDC_ISSUER), _origin(PAYTRAIL_URL)],
    },
}

# --- Logging in (django-allauth) --------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "invoices:home"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
# A password field for staff and creditor users (accounts.forms.LoginForm).
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Accounts come from bank ID or from an admin; a passkey or a code sent to the address proves
# enough, so an unverified address never blocks a login. New addresses still get a link.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 300
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_EMAIL_SUBJECT_PREFIX = "MyRopo: "
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_REQUIRED = False
# The same e-mail address from another bank-ID subject never logs in as, or links to, a user.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {
    "bankid": {
        "APPS": [
            {
                "client_id": OIDC_CLIENT_ID,
                "secret": OIDC_CLIENT_SECRET,
                "settings": {
                    "server_url": OIDC_ISSUER,
                    "token_auth_method": "client_secret_post",
                    "oauth_pkce_enabled": True,
                },
            }
        ],
        "SCOPE": ["openid", "profile", "email"],
    }
}
# `acr` values that count as strong identification (eIDAS substantial or high).
BANKID_ACCEPTED_ACR = env.list("BANKID_ACCEPTED_ACR", default=["substantial", "high"])
# Every bank-ID login (and step-up) asks for a fresh identification (`prompt=login`,
# `max_age`) and refuses an ID token whose `auth_time` is older (or from the future).
BANKID_MAX_AGE_SECONDS = env.int("BANKID_MAX_AGE_SECONDS", default=300)
BANKID_CLOCK_SKEW_SECONDS = 30
# Passkeys for everyone, authenticator apps for staff who want them. No recovery codes: a
# debtor who loses a passkey identifies with bank ID again.
MFA_SUPPORTED_TYPES = ["webauthn", "totp"]
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_FORMS = {
    "add_webauthn": "accounts.forms.AddPasskeyForm",
    "edit_webauthn": "accounts.forms.EditPasskeyForm",
}
# Accounts come from bank ID (no e-mail sign-up), so an e-mail the bank has not marked verified
# is no takeover risk; without this allauth refuses every passkey until the e-mail is verified.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_WEBAUTHN_USER_VERIFICATION = "required"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION  # http://localhost in demo and tests
USERSESSIONS_TRACK_ACTIVITY = True
# Sessions: 30 minutes idle (SESSION_COOKIE_AGE, renewed on every request), 12 hours at most.
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
STEP_UP_MAX_AGE_SECONDS = 15 * 60
LETTER_GRANT_SECONDS = 30 * 60

# Refused or ignored payment redirects and callbacks are kept (notice and audit entry) up to
# this many per client address, and per site, in each window (payments/notices.py).
PAYMENT_NOTICES_KEPT_PER_CLIENT = 20
PAYMENT_NOTICES_KEPT_PER_SITE = 500
PAYMENT_NOTICE_WINDOW_SECONDS = 10 * 60

# Payment plans: an e-mail this many days before an instalment falls due, another the day after
# it is missed; a plan lapses when an instalment is this many days late.
PLAN_REMINDER_DAYS_BEFORE = env.int("PLAN_REMINDER_DAYS_BEFORE", default=3)
PLAN_GRACE_DAYS = env.int("PLAN_GRACE_DAYS", default=14)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "lines": {"()": "myropo.logs.JsonLineFormatter"},
        "json": {"()": "accounts.security.JsonFormatter"},
    },
    # Every line carries the request id (myropo/logs.py); production writes one JSON object
    # per line (LOG_FORMAT=plain to read them by eye).
    "filters": {"request_id": {"()": "myropo.logs.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.str("LOG_FORMAT", default="lines" if PRODUCTION else "plain"),
            "filters": ["request_id"],
        },
        "security": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        "security": {"handlers": ["security"], "level": "INFO", "propagate": False},
    },
}

# --- Operations: /metrics and /readyz (docs/operations.md) ------------------------------------
# /metrics answers a bearer token equal to METRICS_TOKEN or a client (accounts.security.client_ip)
# in one of METRICS_ALLOWED_NETWORKS; anyone else gets a 404. Neither set: the endpoint is off.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = env.list(
    "METRICS_ALLOWED_NETWORKS", default=[] if PRODUCTION else ["127.0.0.1/32", "::1/128"]
)
METRICS_TOKEN_MIN_LENGTH = 32
# prometheus_client reads it from the environment itself: each process then keeps its counters
# in files there, and a scrape adds every process's up (read here so /metrics knows it).
PROMETHEUS_MULTIPROC_DIR = env.str("PROMETHEUS_MULTIPROC_DIR", default="")
# /readyz answers 503 when a feed has not succeeded for this long, or with more dead letters.
READY_MAX_SYNC_LAG_SECONDS = env.int("READY_MAX_SYNC_LAG_SECONDS", default=15 * 60)
READY_MAX_DEAD_LETTERS = env.int("READY_MAX_DEAD_LETTERS", default=20)

# --- Messages, live chat and the assistant (messaging/) ---------------------------------------
# Uploads: no form takes more than 3 files (a dispute's attachments), so a request with more is
# refused (400) before any is stored; files above 1 MB are spooled to disk, not held in memory.
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
MESSAGING_MAX_ATTACHMENT_BYTES = env.int("MESSAGING_MAX_ATTACHMENT_BYTES", default=5 * 1024 * 1024)
# Optional language model for the assistant: an OpenAI-compatible endpoint (off when empty).
ASSISTANT_LLM_URL = env.str("ASSISTANT_LLM_URL", default="").rstrip("/")
ASSISTANT_LLM_MODEL = env.str("ASSISTANT_LLM_MODEL", default="")
ASSISTANT_LLM_API_KEY = env.str("ASSISTANT_LLM_API_KEY", default="")
# Live chat service hours per country: ISO weekdays / local opening hours (see messaging/chat.py).
MESSAGING_CHAT_HOURS = env.str(
    "MESSAGING_CHAT_HOURS", default="FI=1-5/08:00-18:00,SE=1-5/08:00-17:00,NO=1-5/08:00-17:00"
)

# --- Production refuses to start on any of these (every problem listed at once) --------------
if PRODUCTION:
    _problems = production.problems(
        environ=env.ENVIRON,
        required=REQUIRED_IN_PRODUCTION,
        secrets={
            **{name: env.str(name, default="") for name in _DEMO_SECRETS},
            "ASSISTANT_LLM_API_KEY": ASSISTANT_LLM_API_KEY,
        },
        field_keys=FIELD_ENCRYPTION_KEYS,
        demo_values=[*_DEMO_SECRETS.values(), _DEMO_FIELD_KEYS, _DEMO_SANDBOX_SECRET_KEY],
        demo_identifiers=_DEMO_IDENTIFIERS,
        urls={
            "PORTAL_BASE_URL": PORTAL_BASE_URL,
            "ROPO_ONE_FI_URL": ROPO_ONE_URLS["FI"],
            "ROPO_ONE_SE_URL": ROPO_ONE_URLS["SE"],
            "ROPO_ONE_NO_URL": ROPO_ONE_URLS["NO"],
            "MAVENTA_URL": MAVENTA_URL,
            "PAYTRAIL_URL": PAYTRAIL_URL,
            "OIDC_ISSUER": OIDC_ISSUER,
        },
        sandbox_url=SANDBOX_URL,
        secret_key=SECRET_KEY,
        allowed_hosts=ALLOWED_HOSTS,
    )
    if DEBUG:
        _problems.append("DEBUG must be off in production.")
    if METRICS_TOKEN and len(METRICS_TOKEN) < METRICS_TOKEN_MIN_LENGTH:
        _problems.append(
            f"METRICS_TOKEN is too short: at least {METRICS_TOKEN_MIN_LENGTH} random characters, "
            "or unset (then only METRICS_ALLOWED_NETWORKS reach /metrics)."
        )
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        _problems.append("Production runs on PostgreSQL: set DATABASE_URL=postgres://...")
    if _problems:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production refuses to start:\n- " + "\n- ".join(_problems)
        )
