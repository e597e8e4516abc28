from django.urls import path

from invoices import views

app_name = "invoices"

urlpatterns = [
    path("", views.home, name="home"),
    path("archive/", views.archive, name="archive"),
    path("balance-certificate.pdf", views.balance_certificate, name="balance_certificate"),
    path("<str:myropo_id>/", views.detail, name="detail"),
    path("<str:myropo_id>/dispute/", views.dispute, name="dispute"),
    path("<str:myropo_id>/postpone/", views.postpone, name="postpone"),
    path(
        "<str:myropo_id>/dispute/attachments/<uuid:attachment_id>",
        views.dispute_attachment,
        name="dispute_attachment",
    ),
    path("<str:myropo_id>/letters/<uuid:letter_id>.pdf", views.letter, name="letter"),
    path("<str:myropo_id>/authorize/", views.authorize, name="authorize"),
    path("<str:myropo_id>/authorize/<uuid:grant_id>/end/", views.revoke, name="revoke"),
]
