"""The main navigation's messages link and its unread badge, on every page."""

from django.http import HttpRequest

from messaging import selectors


def navigation(request: HttpRequest) -> dict:
    """`show_messages` for a debtor's session; `unread_threads` is counted (one query) only
    when a template shows it."""
    # A request refused before the authentication middleware ran (an error page) has no user.
    if not hasattr(request, "user") or not selectors.debtor_session(request):
        return {"show_messages": False}
    return {"show_messages": True, "unread_threads": lambda: selectors.unread_threads(request)}
