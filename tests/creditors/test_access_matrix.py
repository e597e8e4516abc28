"""Who gets what on every creditor page: the access matrix in one table."""

import pytest

from tests.conftest import log_in

pytestmark = pytest.mark.django_db

# persona -> (fixture, how they logged in)
PERSONAS = {
    "manager": ("creditor_manager", "passkey"),
    "viewer": ("creditor_viewer", "password_totp"),
    "password only": ("creditor_manager", "password"),
    "other creditor": ("other_creditor_manager", "passkey"),
    "debtor": ("debtor", "bankid"),
    "agent": ("agent", "password_totp"),
}
# (method, page) -> expected status per persona, in the order of PERSONAS; a password alone
# is sent on to a second factor (302)
MATRIX = {
    ("get", "dashboard"): (200, 200, 302, 404, 404, 404),
    ("get", "assignments"): (200, 200, 302, 404, 404, 404),
    ("get", "assignments.csv"): (200, 200, 302, 404, 404, 404),
    ("get", "case"): (200, 200, 302, 404, 404, 404),
    ("post", "case events"): (400, 403, 302, 404, 404, 404),
    ("get", "transfers"): (200, 200, 302, 404, 404, 404),
    ("post", "transfer"): (404, 403, 302, 404, 404, 404),
    ("get", "close service"): (404, 403, 302, 404, 404, 404),
    ("post", "close service"): (404, 403, 302, 404, 404, 404),
    ("get", "tokens"): (200, 403, 302, 404, 404, 404),
    ("post", "tokens"): (400, 403, 302, 404, 404, 404),
}


def path(page: str, creditor) -> str:
    base = f"/creditor/{creditor.public_id}"
    case = creditor.invoices.order_by("pk").first().myropo_id
    return {
        "dashboard": f"{base}/",
        "assignments": f"{base}/assignments/",
        "assignments.csv": f"{base}/assignments.csv",
        "case": f"{base}/assignments/{case}/",
        "case events": f"{base}/assignments/{case}/events/",
        "transfers": f"{base}/transfers/",
        "transfer": f"{base}/transfers/new/",
        "close service": f"{base}/maventa/close/",
        "tokens": f"{base}/tokens/",
    }[page]


@pytest.mark.parametrize("persona", list(PERSONAS))
@pytest.mark.parametrize("method, page", list(MATRIX))
def test_access_matrix(client, request, creditor, other_creditor, persona, method, page):
    fixture, how = PERSONAS[persona]
    request.getfixturevalue("creditor_manager")  # the creditor always has its manager
    log_in(client, request.getfixturevalue(fixture), how=how)
    # Bodies that would pass the form stay out: a refusal must come from access, not input.
    response = getattr(client, method)(path(page, creditor))
    assert response.status_code == MATRIX[(method, page)][list(PERSONAS).index(persona)]


def test_anonymous_visitors_are_sent_to_log_in_everywhere(client, creditor):
    for method, page in MATRIX:
        response = getattr(client, method)(path(page, creditor))
        assert response.status_code == 302, page
        assert "/accounts/login/" in response["Location"]
