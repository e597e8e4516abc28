"""The registry of pages the browser tests visit and check with axe-core.

Every page a person can reach belongs here. `persona` names a fixture that logs the browser
in first (None: anonymous).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    persona: str | None = None
    status: int = 200


PAGES = [
    Page("home", "/"),
    Page("not-found", "/no-such-page/", status=404),
    Page("admin-login", "/admin/login/"),
    Page("admin-index", "/admin/", persona="agent"),
    Page("admin-invoices", "/admin/invoices/invoice/", persona="agent"),
]

LANGUAGES = ["en", "fi", "sv", "nb"]
