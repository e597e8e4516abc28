"""Maventa API, mounted at ``/maventa/``.

To come: ``POST oauth2/token``; ``PUT/GET/DELETE v2/services/ropo/receivables``;
``POST v2/invoices/<id>/assignment/ropo``, ``GET v2/invoices/<id>/assignment``;
``GET v1/assignments``, ``v1/assignments/<id>``, ``v1/assignments/<id>/events`` (GET, POST),
``v1/assignments/overview``. Errors as ``{"code", "message", "details"}``; ``page``/``per_page``
with ``X-Total``.
"""

from __future__ import annotations

from django.urls import URLPattern

app_name = "maventa"
urlpatterns: list[URLPattern] = []
