"""Ropo One Connect REST API, mounted at ``/<country>/rest/`` (country: fi, se, no).

Views receive ``country`` as a keyword argument; see ``docs/upstream-contracts.md``.
"""

from __future__ import annotations

from django.urls import path, re_path

from sandbox.engine.http import unknown_endpoint
from sandbox.ropo_one import auth, views

app_name = "ropo_one"
urlpatterns = [
    path("token", auth.token, name="token"),
    path("jobs", views.jobs, name="jobs"),
    path("jobs/statusupdates", views.status_updates, name="statusupdates"),
    path("jobs/payment", views.payment, name="payment"),
    path("jobs/dispute", views.dispute, name="dispute"),
    path("jobs/postpone", views.postpone, name="postpone"),
    path("jobs/paymentplan", views.paymentplan, name="paymentplan"),
    path("jobs/pdf", views.pdf, name="pdf"),
    path("jobs/findbyendcustomer", views.find_by_end_customer, name="findbyendcustomer"),
    re_path(r"^.*$", unknown_endpoint),
]
