from django.urls import path

from creditors import views

app_name = "creditors"

urlpatterns = [
    path("", views.choose, name="choose"),
    path("<uuid:creditor_id>/", views.dashboard, name="dashboard"),
    path("<uuid:creditor_id>/assignments/", views.assignments, name="assignments"),
    path("<uuid:creditor_id>/assignments.csv", views.assignments_csv, name="assignments_csv"),
    path("<uuid:creditor_id>/assignments/<str:myropo_id>/", views.case, name="case"),
    path(
        "<uuid:creditor_id>/assignments/<str:myropo_id>/events/",
        views.report_event,
        name="report_event",
    ),
    path("<uuid:creditor_id>/tokens/", views.tokens, name="tokens"),
    path(
        "<uuid:creditor_id>/tokens/<uuid:token_id>/revoke/", views.revoke_token, name="revoke_token"
    ),
    path("<uuid:creditor_id>/transfers/", views.transfers, name="transfers"),
    path("<uuid:creditor_id>/transfers/new/", views.transfer, name="transfer"),
    path("<uuid:creditor_id>/transfers/upload/", views.transfer_upload, name="transfer_upload"),
    path("<uuid:creditor_id>/maventa/activation/", views.request_activation, name="activation"),
    path("<uuid:creditor_id>/maventa/close/", views.close_service, name="close_service"),
]
