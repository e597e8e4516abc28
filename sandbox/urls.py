"""Root URLs of the sandbox. Each outside system has its own mount point."""

from __future__ import annotations

from django.urls import include, path, re_path

urlpatterns = [
    # Ropo One: one host per country in real life, one prefix per country here.
    re_path(r"^(?P<country>fi|se|no)/rest/", include("sandbox.ropo_one.urls")),
    path("maventa/", include("sandbox.maventa.urls")),
    path("paytrail/", include("sandbox.paytrail.urls")),
    path("idp/", include("sandbox.idp.urls")),
    # Health, the index for testers, demo identities, the clock (and later clock/advance).
    path("", include("sandbox.engine.urls")),
]
