from django.urls import path

from creditors.api import views

app_name = "api-v1"

urlpatterns = [
    path("assignments/", views.AssignmentList.as_view(), name="assignments"),
    path("assignments/<str:myropo_id>/", views.AssignmentDetail.as_view(), name="assignment"),
    path(
        "assignments/<str:myropo_id>/events/",
        views.AssignmentEvents.as_view(),
        name="assignment-events",
    ),
    path("overview/", views.Overview.as_view(), name="overview"),
    path("transfers/", views.Transfers.as_view(), name="transfers"),
]
