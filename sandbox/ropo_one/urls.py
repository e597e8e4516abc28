"""Ropo One Connect REST API, mounted at ``/<country>/rest/`` (country: fi, se, no).

Views receive ``country`` as a keyword argument. To come (see DESIGN.md section 8):
``POST token`` (cid + apicode -> bearer, 2 h), ``POST jobs`` / ``GET jobs?jobid=``,
``GET jobs/statusupdates`` (<= 1000 per call, 204 when drained), ``POST jobs/payment``,
``GET jobs/pdf``, ``POST jobs/findbyendcustomer``.
"""

from __future__ import annotations

from django.urls import URLPattern

app_name = "ropo_one"
urlpatterns: list[URLPattern] = []
