import json
import logging

import pytest

from invoices.models import Invoice
from invoices.services import apply_case_updates
from tests.invoices.snapshots import case

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_lines(caplog):
    caplog.set_level(logging.INFO, logger="security")
    from accounts.security import JsonFormatter

    formatter = JsonFormatter()
    return lambda: [json.loads(formatter.format(r)) for r in caplog.records if r.name == "security"]


def test_failed_letter_attempts_are_logged_without_personal_data(client, security_lines):
    apply_case_updates([case(1)])
    invoice = Invoice.objects.get()
    client.post("/letter/", {"myropo_id": invoice.myropo_id, "postal_code_or_reference": "99999"})
    lines = security_lines()
    assert [line["event"] for line in lines] == ["letter.failed"]
    text = json.dumps(lines)
    for secret in (invoice.myropo_id, "99999", "00100", "131052-308T", "127.0.0.1"):
        assert secret not in text
    assert len(lines[0]["client"]) == 32


def test_step_up_demands_are_logged(client, debtor, security_lines):
    from tests.conftest import log_in

    log_in(client, debtor, how="code")
    client.get("/accounts/2fa/")
    assert "stepup.required" in [line["event"] for line in security_lines()]
    assert "debtor@example.com" not in json.dumps(security_lines())
