"""Creditor forms speak the creditor's language: dates as they write them, with a date
picker, and only the currencies the creditor has."""

import datetime
import re

import pytest

from invoices.models import ReportedPayment
from tests.conftest import log_in, make_creditor_cases
from tests.invoices import snapshots

pytestmark = pytest.mark.django_db


def base(creditor) -> str:
    return f"/creditor/{creditor.public_id}"


@pytest.fixture
def manager(client, creditor_manager):
    return log_in(client, creditor_manager, how="passkey")


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select)


def test_a_finnish_creditor_types_the_booking_date_as_finns_write_it(manager, creditor):
    manager.cookies["myropo_language"] = "fi"
    case = creditor.invoices.order_by("pk").first()
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    typed = f"{yesterday.day}.{yesterday.month}.{yesterday.year}"
    data = {"type": "paid", "amount": "20,00", "booked_at": typed}
    response = manager.post(f"{base(creditor)}/assignments/{case.myropo_id}/events/", data)
    assert response.status_code == 302
    assert ReportedPayment.objects.get().paid_on == yesterday


def test_date_fields_are_date_pickers_holding_iso_dates(manager, creditor):
    manager.cookies["myropo_language"] = "fi"
    case = creditor.invoices.order_by("pk").first()
    html = manager.get(f"{base(creditor)}/assignments/{case.myropo_id}/").content.decode()
    assert re.search(r'<input type="date" name="booked_at"', html)
    html = manager.get(f"{base(creditor)}/").content.decode()
    start = re.search(r'<input type="date" name="start" value="([^"]+)"', html).group(1)
    assert datetime.date.fromisoformat(start)
    html = manager.get(f"{base(creditor)}/assignments/").content.decode()
    assert re.search(r'<input type="date" name="due_from"', html)


def test_a_euro_creditor_is_offered_only_euros(manager, creditor):
    html = manager.get(f"{base(creditor)}/").content.decode()
    assert options(html, "currency") == ["EUR"]
    html = manager.get(f"{base(creditor)}/assignments/").content.decode()
    assert options(html, "currency") == ["", "EUR"]


def test_a_creditor_with_cases_in_crowns_is_offered_those_too(manager, creditor):
    from creditors.services import refresh_case_figures

    make_creditor_cases(snapshots.CREDITOR, [9050], currency="SEK")
    refresh_case_figures(creditor)
    html = manager.get(f"{base(creditor)}/").content.decode()
    assert options(html, "currency") == ["EUR", "SEK"]
