from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("letter/", views.letter_access, name="letter_access"),
    path("account/company/", views.choose_company, name="choose_company"),
    path("account/step-up/", views.step_up, name="step_up"),
    path("account/", views.security, name="security"),
    path("account/access/", views.access, name="access"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
