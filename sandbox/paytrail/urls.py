"""Paytrail-compatible gateway, mounted at ``/paytrail/``.

The signed API (``POST payments``, ``GET payments/<id>``, ``POST payments/<id>/refund``), the
hosted pages (``pay/<id>/``: the banks; ``pay/<id>/<bank>/``: pay, leave pending or cancel),
and for testers ``test/payments/<id>`` and ``knobs``.
"""

from __future__ import annotations

from django.urls import path

from sandbox.paytrail import views

app_name = "paytrail"
urlpatterns = [
    path("payments", views.create_payment, name="create"),
    path("payments/<uuid:transaction_id>", views.get_payment, name="payment"),
    path("payments/<uuid:transaction_id>/refund", views.refund_payment, name="refund"),
    path("pay/<uuid:transaction_id>/", views.methods, name="methods"),
    path("pay/<uuid:transaction_id>/<str:provider>/", views.bank, name="bank"),
    path("icons/<str:name>.svg", views.icon, name="icon"),
    path("test/payments/<uuid:transaction_id>", views.inspect, name="inspect"),
    path("knobs", views.knobs, name="knobs"),
]
