from django.urls import path

from invoices import views

app_name = "invoices"

urlpatterns = [
    path("", views.home, name="home"),
    path("<str:myropo_id>/", views.detail, name="detail"),
    path("<str:myropo_id>/letters/<uuid:letter_id>.pdf", views.letter, name="letter"),
    path("<str:myropo_id>/authorize/", views.authorize, name="authorize"),
    path("<str:myropo_id>/authorize/<uuid:grant_id>/end/", views.revoke, name="revoke"),
]
