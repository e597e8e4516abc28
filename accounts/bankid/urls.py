from django.urls import path

from accounts.bankid import views

urlpatterns = [
    path("oidc/bankid/login/", views.login, name="bankid_login"),
    path("oidc/bankid/login/callback/", views.callback, name="bankid_callback"),
]
