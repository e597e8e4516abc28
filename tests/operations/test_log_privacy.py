"""No identity code, IBAN or message text in the logs, whatever the level: a bank-ID login, a
case sync, a refund account, a message, an upstream refusal and a failed letter lookup are run
with every logger at DEBUG, and their output is scanned."""

import io
import logging

import pytest
from django.urls import reverse

from invoices.services import apply_case_updates
from myropo import logs
from tests.accounts.conftest import portal, web  # noqa: F401 - the bank-ID login's clients
from tests.accounts.test_bankid import bank_id_login, logged_in_user
from tests.conftest import log_in
from tests.invoices import snapshots

pytestmark = pytest.mark.django_db

IBAN = "FI21 1234 5600 0007 85"
MESSAGE = "My neighbour Pekka owes me 300 euros"


def forbidden() -> list[str]:
    compact_iban = IBAN.replace(" ", "")
    return [*snapshots.PEOPLE, IBAN, compact_iban, compact_iban.lower(), MESSAGE, "Pekka"]


@pytest.fixture
def log_text():
    """Everything every logger writes at DEBUG, through the production formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.RequestIdFilter())
    handler.setFormatter(logs.JsonLineFormatter())
    handler.setLevel(logging.DEBUG)
    names = ["", "django", "security", "httpx", "httpcore", "celery"]
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield stream.getvalue
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def assert_clean(text: str) -> None:
    assert text, "nothing was logged: the scan would prove nothing"
    leaks = [value for value in forbidden() if value in text]
    assert leaks == [], f"personal data in the logs: {leaks}"


def test_a_bank_id_login_logs_no_identity_code(log_text, portal, web):  # noqa: F811
    assert bank_id_login(portal, web).status_code == 302
    assert logged_in_user(portal) is not None
    assert_clean(log_text())


def test_a_sync_a_refund_account_and_a_message_log_no_personal_data(
    log_text, client, debtor, django_capture_on_commit_callbacks
):
    apply_case_updates([snapshots.case(701, person=0), snapshots.case(702, person=1)])
    log_in(client, debtor, how="bankid")
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(
            "/account/refund-account/", {"holder": "Debtor Example", "iban": IBAN, "bic": ""}
        )
        assert saved.status_code == 302
        bad = client.post("/account/refund-account/", {"holder": "x", "iban": IBAN[:-2], "bic": ""})
        assert bad.status_code in (200, 400)
        sent = client.post(reverse("messaging:new"), {"subject": "About my bill", "body": MESSAGE})
        assert sent.status_code == 302
    assert_clean(log_text())


def test_an_unreachable_upstream_and_a_wrong_letter_code_log_no_personal_data(
    log_text, client, settings
):
    from integrations.ropo_one.tasks import pull_status_updates_task

    apply_case_updates([snapshots.case(703, person=2)])
    settings.ROPO_ONE_URLS = dict.fromkeys(settings.ROPO_ONE_URLS, "http://127.0.0.1:9/x")
    pull_status_updates_task("FI")
    client.post("/letter/", {"myropo_id": "1234567", "postal_code_or_reference": "131052-308T"})
    assert_clean(log_text())
