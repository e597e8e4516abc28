"""Requests no view can serve, refused before any of them runs."""

from django.core.exceptions import BadRequest
from django.http import Http404


class RefuseNulBytesMiddleware:
    """A NUL byte names nothing: PostgreSQL text cannot hold one, so a path or query carrying it
    would fail in the database (a 500). The path answers 404 and the query 400, in the person's
    language like any other 404 or 400 page. Form fields refuse NUL through Django's own
    validator."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL byte in the query")
        return self.get_response(request)
