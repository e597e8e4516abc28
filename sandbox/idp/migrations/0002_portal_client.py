"""Register the portal as a confidential OpenID Connect client of the test bank.

client_id ``myropo-portal``, client_secret ``demo-oidc-client-secret`` (stored hashed, as
django-oauth-toolkit does), authorization code grant, RS256 ID tokens, no consent screen. The
redirect URIs are the portal's allauth callback on http://localhost and http://127.0.0.1: the
provider accepts them on any port (``ALLOW_LOCALHOST_LOOPBACK``, RFC 8252 section 7.3), and
``SANDBOX_OIDC_REDIRECT_URIS`` can add more at run time.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import migrations

CLIENT_ID = "myropo-portal"
CLIENT_SECRET = "demo-oidc-client-secret"
CALLBACK_PATH = "/accounts/oidc/bankid/login/callback/"
REDIRECT_URIS = " ".join(
    f"http://{host}:8000{CALLBACK_PATH}" for host in ("localhost", "127.0.0.1")
)
# A Django PBKDF2 hash as django-oauth-toolkit stores it, with few iterations: the demo secret is
# public anyway, and every token request checks it (the default costs ~0.4 s each time).
SECRET_HASH_ITERATIONS = 10_000


def hashed_secret():
    hasher = PBKDF2PasswordHasher()
    return hasher.encode(CLIENT_SECRET, hasher.salt(), iterations=SECRET_HASH_ITERATIONS)


def register_portal(apps, schema_editor):
    Application = apps.get_model("oauth2_provider", "Application")
    Application.objects.using(schema_editor.connection.alias).update_or_create(
        client_id=CLIENT_ID,
        defaults={
            "name": "MyRopo portal",
            "client_type": "confidential",
            "authorization_grant_type": "authorization-code",
            "client_secret": hashed_secret(),
            "hash_client_secret": True,
            "redirect_uris": REDIRECT_URIS,
            "algorithm": "RS256",
            "skip_authorization": True,
        },
    )


def unregister_portal(apps, schema_editor):
    Application = apps.get_model("oauth2_provider", "Application")
    Application.objects.using(schema_editor.connection.alias).filter(client_id=CLIENT_ID).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sandbox_idp", "0001_initial"),
        ("oauth2_provider", "0022_refreshtoken_token_family_index"),
    ]

    operations = [migrations.RunPython(register_portal, unregister_portal)]
