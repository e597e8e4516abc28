"""The main navigation's link to the creditor pages, for anyone with a place in a creditor."""

from django.http import HttpRequest

from creditors import selectors


def navigation(request: HttpRequest) -> dict:
    """`creditor_member`, asked (one query) only when a template shows the navigation and the
    page does not already show one of the user's memberships (`membership`)."""
    if not hasattr(request, "user"):
        return {"creditor_member": False}
    return {"creditor_member": lambda: selectors.memberships(request.user).exists()}
