"""OpenID Connect provider, mounted at ``/idp/``.

To come: discovery (``.well-known/openid-configuration``), JWKS, authorization code + PKCE with a
page to pick a seeded person, token endpoint; ID token with the identity code, name, ``acr`` and,
for business logins, a claim listing the companies the person represents.
"""

from __future__ import annotations

from django.urls import URLPattern

app_name = "idp"
urlpatterns: list[URLPattern] = []
