"""OpenID Connect provider (the test bank), mounted at ``/idp/``.

django-oauth-toolkit builds its discovery document by reversing ``oauth2_provider:<name>``, so
the OpenID Connect endpoints live in that namespace; the test bank's own pages in ``idp``.
This module has no ``app_name``: both namespaces are top level.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path
from oauth2_provider import views as dot_views

from sandbox.idp import views

oidc_patterns = [
    path(
        ".well-known/openid-configuration",
        views.DiscoveryView.as_view(),
        name="oidc-connect-discovery-info",
    ),
    path(".well-known/jwks.json", dot_views.JwksInfoView.as_view(), name="jwks-info"),
    path("authorize/", views.TestBankAuthorizationView.as_view(), name="authorize"),
    path("token/", dot_views.TokenView.as_view(), name="token"),
    path("userinfo/", dot_views.UserInfoView.as_view(), name="user-info"),
]

test_bank_patterns = [
    path("", views.index, name="index"),
    path("login/", views.login, name="login"),
    path("faults", views.fault_knobs, name="faults"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include((oidc_patterns, "oauth2_provider"))),
    path("", include((test_bank_patterns, "idp"))),
]
