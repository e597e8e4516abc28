"""Paytrail-compatible gateway, mounted at ``/paytrail/``.

To come: ``POST payments`` (signed ``checkout-*`` headers, amounts in cents), a hosted payment
page, signed redirects and callbacks (possibly repeated), ``GET payments/<transaction id>``.
"""

from __future__ import annotations

from django.urls import URLPattern

app_name = "paytrail"
urlpatterns: list[URLPattern] = []
