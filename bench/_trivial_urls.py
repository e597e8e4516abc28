"""The portal's URLs plus `/bench/trivial/` (see _trivial_settings.py; not a script)."""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), path("", include("myropo.urls"))]
