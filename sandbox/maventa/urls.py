"""Maventa API, mounted at ``/maventa/`` (see ``docs/upstream-contracts.md``)."""

from __future__ import annotations

from django.urls import path, re_path

from sandbox.engine.http import unknown_endpoint
from sandbox.maventa import assignments, auth, views

app_name = "maventa"
urlpatterns = [
    path("oauth2/token", auth.token, name="token"),
    path("v2/services/ropo/receivables", views.receivables_service, name="receivables-service"),
    path("v2/invoices", views.invoices, name="invoices"),
    path("v2/invoices/<uuid:invoice_id>", views.invoice_detail, name="invoice"),
    path("v2/invoices/<uuid:invoice_id>/assignment/ropo", views.transfer, name="transfer"),
    path("v2/invoices/<uuid:invoice_id>/assignment", views.transfer_status, name="transfer-status"),
    path("v1/assignments", assignments.assignment_list, name="assignments"),
    path("v1/assignments/overview", assignments.overview, name="overview"),
    path("v1/assignments/<uuid:assignment_id>", assignments.assignment_detail, name="assignment"),
    path(
        "v1/assignments/<uuid:assignment_id>/events",
        assignments.assignment_events,
        name="assignment-events",
    ),
    re_path(r"^.*$", unknown_endpoint),
]
