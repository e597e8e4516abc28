from django.urls import path

from payments import plan_views, views

app_name = "payments"

urlpatterns = [
    path("payments/return/success/", views.return_success, name="return_success"),
    path("payments/return/cancel/", views.return_cancel, name="return_cancel"),
    path("payments/callback/success/", views.callback_success, name="callback_success"),
    path("payments/callback/cancel/", views.callback_cancel, name="callback_cancel"),
    path("invoices/<str:myropo_id>/pay/", views.pay, name="pay"),
    path("invoices/<str:myropo_id>/receipts/<uuid:payment_id>.pdf", views.receipt, name="receipt"),
    path("account/refund-account/", views.refund_account, name="refund_account"),
    path("invoices/<str:myropo_id>/plan/", plan_views.builder, name="plan_builder"),
    path("invoices/<str:myropo_id>/plan/agree/", plan_views.agree, name="plan_agree"),
    path("invoices/<str:myropo_id>/plan.ics", plan_views.calendar, name="plan_calendar"),
]
