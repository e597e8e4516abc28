from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as accounts_views
from accounts.views import admin_login
from myropo import health, metrics, views

admin.site.site_header = _("MyRopo customer service")
admin.site.site_title = _("MyRopo customer service")
admin.site.index_title = _("Customer service")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("favicon.ico", views.favicon),
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("invoices/", include("invoices.urls")),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # Before the admin's own URLs: its login form is never used (see accounts.views.admin_login).
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("messages/", include("messaging.urls")),
    path("", include("payments.urls")),
    path("creditor/", include("creditors.urls")),
    path("api/v1/", include("creditors.api.urls")),
]

handler400 = "myropo.views.bad_request"
handler403 = "myropo.views.forbidden"
handler404 = "myropo.views.not_found"
handler500 = "myropo.views.server_error"
