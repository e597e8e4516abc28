"""What `DJANGO_ENV=production` refuses at settings load (myropo/settings.py calls this).

Pure functions over the values the settings read, so every problem is listed at once, each
by its variable's name and never with a secret's value.
"""

import base64
import binascii
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

# Django's own bar (django.core.checks.security.base.check_secret_key).
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5


def _key_material(entry: str) -> str:
    """The key of a FIELD_ENCRYPTION_KEYS entry ("kid:base64key"), whatever its key id."""
    return entry.partition(":")[2].strip() if ":" in entry else entry.strip()


def _decoded(text: str) -> bytes | None:
    padded = text + "=" * (-len(text) % 4)
    for alphabet in (padded, padded.replace("-", "+").replace("_", "/")):
        try:
            return base64.b64decode(alphabet, validate=True)
        except (binascii.Error, ValueError):
            continue
    return None


def _is_demo(value: str, demo_values: Iterable[str]) -> bool:
    """True when `value` is one of the public demo values, as text or as decoded key bytes."""
    value = value.strip()
    if not value:
        return False
    demos = {demo.strip() for demo in demo_values if demo.strip()}
    if value in demos or value.lower() in {demo.lower() for demo in demos}:
        return True
    decoded = _decoded(value)
    demo_bytes = {_decoded(demo) for demo in demos} - {None}
    return decoded is not None and len(decoded) >= 16 and decoded in demo_bytes


def secret_key_problem(secret_key: str, demo_values: Iterable[str]) -> str | None:
    if _is_demo(secret_key, demo_values):
        return "SECRET_KEY is a public demo value; set a real secret."
    if (
        len(secret_key) < SECRET_KEY_MIN_LENGTH
        or len(set(secret_key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or secret_key.startswith("django-insecure-")
    ):
        return (
            f"SECRET_KEY is weak: it needs at least {SECRET_KEY_MIN_LENGTH} characters and "
            f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones, randomly generated."
        )
    return None


def allowed_hosts_problem(hosts: list[str]) -> str | None:
    hosts = [host.strip() for host in hosts]
    if not hosts or any(not host or "*" in host for host in hosts):
        return "ALLOWED_HOSTS must name the portal's hosts: no wildcard '*', no empty entry."
    return None


def url_problem(name: str, url: str, sandbox_url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return f"{name} must be an https:// URL of the real service."
    if sandbox_url and url.rstrip("/").startswith(sandbox_url.rstrip("/")):
        return f"{name} points at the sandbox (SANDBOX_URL); set the real service."
    return None


def problems(
    *,
    environ: Mapping[str, str],
    required: Iterable[str],
    secrets: Mapping[str, str],
    field_keys: list[str],
    demo_values: Iterable[str],
    demo_identifiers: Mapping[str, str],
    urls: Mapping[str, str],
    sandbox_url: str,
    secret_key: str,
    allowed_hosts: list[str],
) -> list[str]:
    """Every reason production must not start, each naming its variable (never its value).

    `secrets` maps a variable's name to its value, `demo_values` are every embedded demo
    secret (each secret is compared against all of them, whatever its name), and
    `demo_identifiers` the demo value of a non-secret variable (the sandbox's merchant...).
    """
    demo_values = list(demo_values)
    demo_values += [_key_material(demo) for demo in demo_values if ":" in demo]
    found = []
    missing = [name for name in required if not environ.get(name, "").strip()]
    if missing:
        found.append(
            "DJANGO_ENV=production needs these environment variables: " + ", ".join(missing)
        )
    for name, value in secrets.items():
        if name != "SECRET_KEY" and _is_demo(value, demo_values):
            found.append(f"{name} is a public demo value; set a real secret.")
    for entry in field_keys:
        if _is_demo(_key_material(entry), demo_values) or _is_demo(entry, demo_values):
            found.append("FIELD_ENCRYPTION_KEYS contains a public demo key (under any key id).")
            break
    for name, demo in demo_identifiers.items():
        if environ.get(name, "").strip() == demo:
            found.append(f"{name} is the sandbox's demo value; set the real one.")
    for name, url in urls.items():
        if environ.get(name, "").strip() and (problem := url_problem(name, url, sandbox_url)):
            found.append(problem)
    if environ.get("SECRET_KEY", "").strip() and (
        problem := secret_key_problem(secret_key, demo_values)
    ):
        found.append(problem)
    if environ.get("ALLOWED_HOSTS", "").strip() and (
        problem := allowed_hosts_problem(allowed_hosts)
    ):
        found.append(problem)
    return found
